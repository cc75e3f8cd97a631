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
