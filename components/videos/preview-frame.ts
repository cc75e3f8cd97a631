import { FPS } from '@/remotion/formats';

/**
 * Where a paused preview rests and the frame gallery cards show: two seconds
 * in, once the intro's headline has landed (frame 0 is an empty stage). A
 * leaf module, so importing it does not pull the player into a bundle.
 */
export const RESTING_FRAME = 2 * FPS;
