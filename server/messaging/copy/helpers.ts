/**
 * Phrases every tone builds from the facts, so each tone file reads as copy
 * rather than as string plumbing.
 */
import { featureList, type NamedFacts } from '../facts';
import type { Variants } from './types';
import { capitalize, countOf } from '../text';

export { capitalize, countOf, featureList };

/** "the Acme Inc. team", or "your team". */
export function teamOf(f: NamedFacts): string {
  return f.company ? `the ${f.company} team` : 'your team';
}

/** "12 logins". */
export function loginsOf(n: number): string {
  return countOf(n, 'login');
}

/** "on March 14, 2026", or "soon". */
export function renewsWhen(f: NamedFacts): string {
  return f.renewal ? `on ${f.renewal.long}` : 'soon';
}

/** The frame at `index`, cycling: several scenes of one kind never share a sentence. */
export function rotate<T>(frames: readonly T[], index: number): T {
  const frame = frames[((index % frames.length) + frames.length) % frames.length];
  if (frame === undefined) throw new Error('rotate() needs at least one frame');
  return frame;
}

/**
 * Groups of variants for an in-order pick, fullest group first, each group's
 * frames rotated by `index`: the writer says as much as fits (the customer's
 * data first) and two scenes of one script start from different frames.
 */
export function preferring(index: number, ...groups: Variants[]): string[] {
  return groups.flatMap((group) => {
    const list = group.filter((v): v is string => typeof v === 'string' && v !== '');
    return list.map((_, k) => list[(index + k) % list.length] as string);
  });
}
