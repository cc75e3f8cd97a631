/**
 * What a slot writer works with: the facts, the tone's copy, the resolved
 * focus, and a picker that keeps copy within a slot's character target and
 * chooses among variants with the request's seeded PRNG.
 */
import type { ScriptLength } from '../../remotion/script';
import type { TemplateSpec } from '../../remotion/templates/registry';
import { COPY, type SceneCopy, type ToneCopy, type Variants } from './copy';
import type { NamedFacts } from './facts';
import type { Rng } from './random';
import { isFocusKey, type AiMessaging, type FocusKey, type Tone } from './schemas';
import { charLength, freeTextPoint, tidy, type FreeTextPoint } from './text';

/** One candidate scene: `key` keeps a script from saying the same thing twice. */
export type SceneDraft = { key: string; copy: SceneCopy };

export type WriterContext = {
  template: TemplateSpec;
  tone: Tone;
  length: ScriptLength;
  facts: NamedFacts;
  copy: ToneCopy;
  /** Known focus keys in the order asked for; the template's default when none was. */
  focus: readonly FocusKey[];
  freeText: readonly FreeTextPoint[];
  rng: Rng;
  /** One of `variants`, preferring those within `maxChars` (a soft target). */
  pick(variants: Variants, maxChars: number): string;
};

export function draft(key: string, copy: SceneCopy): SceneDraft {
  return { key, copy };
}

/** Splits focus_points into known keys and free-text points. */
export function resolveFocus(
  points: readonly string[],
  templateDefault: readonly FocusKey[],
): { focus: FocusKey[]; freeText: FreeTextPoint[] } {
  const focus: FocusKey[] = [];
  const freeText: FreeTextPoint[] = [];
  for (const point of points) {
    if (isFocusKey(point)) {
      if (!focus.includes(point)) focus.push(point);
    } else {
      freeText.push(freeTextPoint(point));
    }
  }
  return { focus: focus.length ? focus : [...templateDefault], freeText };
}

/**
 * Picks a variant. Fitting variants win over long ones; a short video leans
 * to the terser half and a long one to the fuller half, so length changes the
 * feel of the copy and not only the number of scenes.
 */
function createPicker(rng: Rng, length: ScriptLength) {
  return (variants: Variants, maxChars: number): string => {
    const list = [...new Set(variants.filter((v): v is string => typeof v === 'string').map(tidy).filter(Boolean))];
    if (list.length === 0) return '';
    const fitting = list.filter((v) => charLength(v) <= maxChars);
    const bySize = (fitting.length ? fitting : list).slice().sort((a, b) => charLength(a) - charLength(b));
    let pool = fitting.length ? bySize : bySize.slice(0, 1);
    if (pool.length > 1 && length !== 'medium') {
      const half = Math.ceil(pool.length / 2);
      pool = length === 'short' ? pool.slice(0, half) : pool.slice(pool.length - half);
    }
    return pool[rng.int(pool.length)] ?? '';
  };
}

export function createContext(input: {
  template: TemplateSpec;
  facts: NamedFacts;
  aiMessaging: AiMessaging;
  defaultFocus: readonly FocusKey[];
  rng: Rng;
}): WriterContext {
  const { focus, freeText } = resolveFocus(input.aiMessaging.focus_points, input.defaultFocus);
  return {
    template: input.template,
    tone: input.aiMessaging.tone,
    length: input.aiMessaging.length,
    facts: input.facts,
    copy: COPY[input.aiMessaging.tone],
    focus,
    freeText,
    rng: input.rng,
    pick: createPicker(input.rng, input.aiMessaging.length),
  };
}

type DraftSource = SceneDraft[] | (() => SceneDraft[]);

/**
 * Orders candidates by focus: takes one from each focused topic in turn
 * (so two focus points in a two-scene slot get one scene each), then the
 * fallback list. Duplicates by key are dropped.
 */
export function byFocus(
  order: readonly FocusKey[],
  table: Partial<Record<FocusKey, DraftSource>>,
  fallback: SceneDraft[] = [],
): SceneDraft[] {
  const queues = order
    .map((key) => table[key])
    .filter((source): source is DraftSource => source !== undefined)
    .map((source) => (typeof source === 'function' ? source() : source).slice());
  const out: SceneDraft[] = [];
  const seen = new Set<string>();
  const push = (d: SceneDraft) => {
    if (seen.has(d.key)) return;
    seen.add(d.key);
    out.push(d);
  };
  while (queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const next = q.shift();
      if (next) push(next);
    }
  }
  fallback.forEach(push);
  return out;
}
