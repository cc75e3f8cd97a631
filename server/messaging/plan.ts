/**
 * The slot plan a script must follow: the template's scene kinds, in slot
 * order, as many of each as the length asks for. The built-in writer fills
 * it by construction; an AI answer is checked against it.
 */
import type { Script, ScriptLength } from '../../remotion/script';
import type { SceneSlot, TemplateSpec } from '../../remotion/templates/registry';

/** The slots a script of this length uses, with their counts (empty slots left out). */
export function plannedSlots(template: TemplateSpec, length: ScriptLength): Array<{ slot: SceneSlot; count: number }> {
  return template.slots.map((slot) => ({ slot, count: slot.count[length] })).filter(({ count }) => count > 0);
}

/** Scene kinds in order: ["greeting", "benefit", "benefit", "next_step"]. */
export function plannedKinds(template: TemplateSpec, length: ScriptLength): string[] {
  return plannedSlots(template, length).flatMap(({ slot, count }) => Array<string>(count).fill(slot.kind));
}

const LENGTHS: ScriptLength[] = ['short', 'medium', 'long'];

/**
 * Why a video of this template and length cannot cover that many focus
 * points (each needs a scene of its own, and the length fixes the scenes),
 * with the lengths that can; null when it can. A point is never dropped
 * silently: the create request is refused naming ai_messaging.focus_points.
 */
export function focusPointsOverCapacity(template: TemplateSpec, length: ScriptLength, points: number): string | null {
  const capacity = plannedKinds(template, length).length;
  if (points <= capacity) return null;
  const longer = LENGTHS.filter((l) => plannedKinds(template, l).length >= points);
  const suggestion = longer.length
    ? `choose length ${longer.map((l) => `"${l}" (up to ${plannedKinds(template, l).length})`).join(' or ')}, or keep ${capacity}`
    : `keep at most ${capacity}`;
  return `a ${length} ${template.name.toLowerCase()} video has ${capacity} scenes, so it covers at most ${capacity} focus points, not ${points}: ${suggestion}`;
}

/** Why a script does not follow the plan, or null when it does. */
export function planMismatch(script: Script, template: TemplateSpec): string | null {
  const expected = plannedKinds(template, script.length);
  const actual = script.scenes.map((scene) => scene.kind);
  if (expected.join(',') !== actual.join(',')) {
    return `expected scenes [${expected.join(', ')}], got [${actual.join(', ')}]`;
  }
  const bySlot = new Map(template.slots.map((slot) => [slot.kind, slot]));
  const untitled = script.scenes.findIndex((scene) => bySlot.get(scene.kind)?.title === 'required' && !scene.title);
  return untitled >= 0 ? `scene ${untitled} (${actual[untitled]}) needs a title` : null;
}
