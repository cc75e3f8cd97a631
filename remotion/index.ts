/**
 * Bundle entry point: registers the compositions listed in Root (the
 * `classic` engine renders them by composition id) and installs the `web`
 * engine's page API (web-engine.ts), so both engines draw from one bundle.
 */
import { registerRoot } from 'remotion';
import { Root } from './Root';
import './web-engine';

registerRoot(Root);
