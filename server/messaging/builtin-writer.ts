/**
 * The built-in writer: deterministic copywriting with no network. It fills
 * the template's slot plan (kinds, counts, order) from the template writer's
 * candidates, in the tone's words, shaped by the focus points; free-text
 * points get a scene of their own where a slot has room, or a sentence woven
 * into the scene with the most room left. Same input, same script.
 */
import { SCRIPT_LIMITS, scriptSchema, type Script, type ScriptScene } from '../../remotion/script';
import type { SceneSlot, TemplateSpec } from '../../remotion/templates/registry';
import { createContext, draft, type SceneDraft, type WriterContext } from './context';
import { readFacts, type NamedFacts } from './facts';
import { plannedSlots } from './plan';
import { createRng, seedFor } from './random';
import type { AiMessaging } from './schemas';
import { genericSlotWriter, writerFor } from './templates';
import { genericTemplateWriter } from './templates/generic';
import type { TemplateWriter } from './templates/types';
import { appendSentence, charLength, clampText, type FreeTextPoint } from './text';

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

function renderScene(ctx: WriterContext, slot: SceneSlot, d: SceneDraft): ScriptScene {
  const text = clampText(ctx.pick(d.copy.text, slot.maxChars), SCRIPT_LIMITS.sceneText);
  if (slot.title === 'none') return { kind: slot.kind, text };
  const fits = (t: unknown): t is string => typeof t === 'string' && t !== '' && charLength(t) <= slot.maxTitleChars;
  const inOrder = d.copy.titleInOrder ? d.copy.title.find(fits) : undefined;
  const title = inOrder ?? (ctx.pick(d.copy.title, slot.maxTitleChars) || slot.label);
  return { kind: slot.kind, title: clampText(title, SCRIPT_LIMITS.sceneTitle), text };
}

/**
 * Gives free-text points scenes in the writer's preferred slots, always
 * leaving each slot at least one scene of the template's own content.
 */
function reserveFreeText(
  ctx: WriterContext,
  writer: TemplateWriter,
): { bySlot: Map<string, FreeTextPoint[]>; leftover: FreeTextPoint[] } {
  const room = new Map<string, number>();
  for (const kind of writer.freeTextSlots) {
    const slot = ctx.template.slots.find((s) => s.kind === kind);
    if (slot && slot.title !== 'none') room.set(kind, slot.count[ctx.length] - 1);
  }
  const bySlot = new Map<string, FreeTextPoint[]>();
  const leftover: FreeTextPoint[] = [];
  for (const point of ctx.freeText) {
    const kind = [...room.keys()].find((k) => (room.get(k) ?? 0) > 0);
    if (!kind) {
      leftover.push(point);
      continue;
    }
    room.set(kind, (room.get(kind) ?? 0) - 1);
    bySlot.set(kind, [...(bySlot.get(kind) ?? []), point]);
  }
  return { bySlot, leftover };
}

/**
 * Adds a sentence about each leftover point to the scene with the most room
 * before its target, one point per scene while scenes last, rotating the
 * sentence frames so two points never read "And we're here to help with…" twice.
 */
function weaveFreeText(ctx: WriterContext, scenes: ScriptScene[], slots: SceneSlot[], skip: Set<number>, points: FreeTextPoint[]) {
  const woven = new Set<number>();
  const start = ctx.rng.int(4);
  points.forEach((point, n) => {
    const open = scenes.map((_, i) => i).filter((i) => !skip.has(i));
    const fresh = open.filter((i) => !woven.has(i));
    let best = -1;
    let bestRoom = -Infinity;
    for (const i of fresh.length ? fresh : open) {
      const room = (slots[i]?.maxChars ?? SCRIPT_LIMITS.sceneText) - charLength(scenes[i]?.text ?? '');
      if (room >= bestRoom) {
        best = i;
        bestRoom = room;
      }
    }
    const scene = scenes[best];
    if (!scene) return;
    const frames = ctx.copy.shared.freeTextClause(point).filter((v): v is string => typeof v === 'string' && v !== '');
    const rotated = frames.map((_, k) => frames[(start + n + k) % frames.length] as string);
    const clause = rotated.find((f) => charLength(f) < bestRoom) ?? rotated.slice().sort((x, y) => charLength(x) - charLength(y))[0];
    if (!clause) return;
    woven.add(best);
    scene.text = clampText(appendSentence(scene.text, clause), SCRIPT_LIMITS.sceneText);
  });
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

  const { bySlot, leftover } = reserveFreeText(ctx, writer);
  const used = new Set<string>();
  const scenes: ScriptScene[] = [];
  const sceneSlots: SceneSlot[] = [];
  const freeTextScenes = new Set<number>();

  for (const { slot, count } of plannedSlots(template, ctx.length)) {
    const points = bySlot.get(slot.kind) ?? [];
    const own = writer.slots[slot.kind] ?? genericSlotWriter(slot);
    const candidates = [...own(ctx, count), ...genericSlotWriter(slot)(ctx, count)];
    for (const d of takeDistinct(candidates, count - points.length, used)) {
      scenes.push(renderScene(ctx, slot, d));
      sceneSlots.push(slot);
    }
    points.forEach((point, i) => {
      freeTextScenes.add(scenes.length);
      scenes.push(renderScene(ctx, slot, draft(`free_text:${i}`, ctx.copy.shared.freeText(facts, point))));
      sceneSlots.push(slot);
    });
  }
  weaveFreeText(ctx, scenes, sceneSlots, freeTextScenes, leftover);

  return scriptSchema.parse({
    length: ctx.length,
    headline: clampText(ctx.pick(writer.headline(ctx), template.headline.maxChars), SCRIPT_LIMITS.headline),
    scenes,
    cta: { label: clampText(ctx.pick(writer.cta(ctx), SCRIPT_LIMITS.ctaLabel), SCRIPT_LIMITS.ctaLabel), url: facts.ctaUrl },
  });
}
