/** Bundle entry point: registers the compositions listed in Root. */
import { registerRoot } from 'remotion';
import { Root } from './Root';

registerRoot(Root);
