/** Every tone's wording, by tone. Adding a tone means one more file implementing ToneCopy. */
import type { Tone } from '../schemas';
import { casual } from './casual';
import { enthusiastic } from './enthusiastic';
import { friendly } from './friendly';
import { professional } from './professional';
import type { ToneCopy } from './types';

export type { DefaultFeature, PointRole, SceneCopy, ToneCopy, UsageSummary, Variants } from './types';

export const COPY: Record<Tone, ToneCopy> = { friendly, professional, enthusiastic, casual };
