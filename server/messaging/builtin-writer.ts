/**
 * The built-in writer: deterministic copywriting with no network. It fills
 * the template's slot plan (kinds, counts, order) from the template writer's
 * candidates, in the tone's words, shaped by the focus points. Each free-text
 * point owns a scene, its words in the title and woven into the scene's own
 * sentence (with the customer's data where it fits), in the order picked.
 * Same input, same script.
 */
import { SCRIPT_LIMITS, scriptSchema, type Script, type ScriptScene } from '../../remotion/script';
import type { SceneSlot, TemplateSpec } from '../../remotion/templates/registry';
import type { Variants } from './copy';
import { createContext, draft, type SceneDraft, type WriterContext } from './context';
import { readFacts, type NamedFacts } from './facts';
import { plannedSlots } from './plan';
import { createRng, seedFor } from './random';
import type { AiMessaging } from './schemas';
import { genericSlotWriter, writerFor } from './templates';
import { genericTemplateWriter } from './templates/generic';
import type { TemplateWriter } from './templates/types';
import { charLength, clampText, listPhrase, tidy, type FreeTextPoint } from './text';
import { pointScene } from './templates/shared';

function hasText(d: SceneDraft): boolean {
  return d.copy.text.some((v) => typeof v === 'string' && v.trim() !== '');
}

/** The first `count` candidates not used elsewhere in the script; repeats only if nothing else is left. */
function takeDistinct(candidates: SceneDraft[], count: number, used: Set<string>): SceneDraft[] {
  const usable = candidates.filter(hasText);
  const out: SceneDraft[] = [];
  for (const d of usable) {
    if (out.length === count) break;
    if (used.has(d.key)) continue;
    used.add(d.key);
    out.push(d);
  }
  for (let i = 0; out.length < count && usable.length > 0; i++) out.push(usable[i % usable.length] as SceneDraft);
  return out;
}

/** The first variant within `max` (the copy lists its fullest phrasing first), else the shortest. */
function firstFitting(variants: Variants, max: number): string {
  const list = variants.filter((v): v is string => typeof v === 'string').map(tidy).filter(Boolean);
  return list.find((v) => charLength(v) <= max) ?? list.slice().sort((x, y) => charLength(x) - charLength(y))[0] ?? '';
}

function renderScene(ctx: WriterContext, slot: SceneSlot, d: SceneDraft): ScriptScene {
  const chosen = d.copy.textInOrder ? firstFitting(d.copy.text, slot.maxChars) : ctx.pick(d.copy.text, slot.maxChars);
  const text = clampText(chosen, SCRIPT_LIMITS.sceneText);
  if (slot.title === 'none') return { kind: slot.kind, text };
  const fits = (t: unknown): t is string => typeof t === 'string' && t !== '' && charLength(t) <= slot.maxTitleChars;
  const inOrder = d.copy.titleInOrder ? d.copy.title.find(fits) : undefined;
  const title = inOrder ?? (ctx.pick(d.copy.title, slot.maxTitleChars) || slot.label);
  return { kind: slot.kind, title: clampText(title, SCRIPT_LIMITS.sceneTitle), text };
}

/**
 * Several points said as one, for a call that skipped the capacity check
 * (the API refuses more points than scenes): nothing is dropped.
 */
function mergePoints(points: FreeTextPoint[]): FreeTextPoint {
  const [first, ...rest] = points;
  if (!first || rest.length === 0) return first as FreeTextPoint;
  return { raw: points.map((p) => p.raw).join('; '), phrase: listPhrase(points.map((p) => p.phrase)), title: first.title, titles: first.titles };
}

/**
 * How many scenes of each slot free-text points own, and the points in the
 * order they were picked. Spare scenes of the writer's preferred slots go
 * first, then a slot's first scene (its own content woven with the point),
 * then any other slot.
 */
function placePoints(ctx: WriterContext, writer: TemplateWriter): { hosts: Map<string, number>; points: FreeTextPoint[] } {
  const planned = plannedSlots(ctx.template, ctx.length);
  const counts = new Map(planned.map(({ slot, count }) => [slot.kind, count]));
  const preferred = writer.pointSlots.map(([kind]) => kind).filter((kind) => counts.has(kind));
  const others = planned.map(({ slot }) => slot.kind).filter((kind) => !preferred.includes(kind));
  const order: string[] = [];
  for (const kind of preferred) for (let i = 1; i < (counts.get(kind) ?? 0); i++) order.push(kind);
  for (const kind of [...preferred, ...others]) order.push(kind);
  for (const kind of others) for (let i = 1; i < (counts.get(kind) ?? 0); i++) order.push(kind);

  const points = [...ctx.freeText];
  if (points.length > order.length && order.length > 0) points.splice(order.length - 1, Infinity, mergePoints(points.slice(order.length - 1)));
  const hosts = new Map<string, number>();
  for (const kind of order.slice(0, points.length)) hosts.set(kind, (hosts.get(kind) ?? 0) + 1);
  return { hosts, points };
}

/**
 * Writes the script for a template from customer_data (already validated by
 * the template's schema) and parsed ai_messaging. Never touches the network.
 */
export function composeScript(template: TemplateSpec, customerData: Record<string, unknown>, aiMessaging: AiMessaging): Script {
  const read = readFacts(customerData);
  // Every built-in template requires first_name; a template without it gets the generic, name-free writer.
  const writer = read.firstName ? writerFor(template) : genericTemplateWriter(template);
  const facts: NamedFacts = { ...read, firstName: read.firstName ?? '' };
  const ctx = createContext({
    template,
    facts,
    aiMessaging,
    defaultFocus: writer.defaultFocus,
    rng: createRng(seedFor(template.id, customerData, aiMessaging)),
  });

  const { hosts, points } = placePoints(ctx, writer);
  const uses = new Map(writer.pointSlots);
  const used = new Set<string>();
  const scenes: Array<ScriptScene | { slot: SceneSlot; point: FreeTextPoint }> = [];
  let placed = 0;

  for (const { slot, count } of plannedSlots(template, ctx.length)) {
    const owned = hosts.get(slot.kind) ?? 0;
    if (owned < count) {
      const own = writer.slots[slot.kind] ?? genericSlotWriter(slot);
      const candidates = [...own(ctx, count), ...genericSlotWriter(slot)(ctx, count)];
      for (const d of takeDistinct(candidates, count - owned, used)) scenes.push(renderScene(ctx, slot, d));
    }
    for (let i = 0; i < owned; i++) scenes.push({ slot, point: points[placed++] as FreeTextPoint });
  }

  // Points are written after the slots' own scenes, so the draw below comes
  // where it always did and a script without points keeps its phrasing.
  // Rotating where the frames start keeps two points from reading alike.
  const start = ctx.rng.int(4);
  let n = 0;
  const written = scenes.map((s) => {
    if (!('point' in s)) return s;
    const use = uses.get(s.slot.kind) ?? 'value';
    const scene = renderScene(ctx, s.slot, draft(`free_text:${n}`, pointScene(ctx, use, s.point, start + n)));
    n++;
    return scene;
  });

  return scriptSchema.parse({
    length: ctx.length,
    headline: clampText(ctx.pick(writer.headline(ctx), template.headline.maxChars), SCRIPT_LIMITS.headline),
    scenes: written,
    cta: { label: clampText(ctx.pick(writer.cta(ctx), SCRIPT_LIMITS.ctaLabel), SCRIPT_LIMITS.ctaLabel), url: facts.ctaUrl },
  });
}
