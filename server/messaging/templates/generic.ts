/**
 * The writer for what no template writer knows: a slot kind added to a
 * template after its writer was written, or a whole new template. It reads
 * the slot's kind, label and description for cues ("support", "next step",
 * "usage"…) and fills the slot with the shared scenes that match, then
 * with the focus points' scenes.
 */
import type { SceneSlot, TemplateSpec } from '../../../remotion/templates/registry';
import { byFocus, type SceneDraft, type WriterContext } from '../context';
import { allSharedScenes, sharedByFocus, sharedScenes as s } from './shared';
import type { SlotWriter, TemplateWriter } from './types';

const CUES: ReadonlyArray<{ pattern: RegExp; scenes: (ctx: WriterContext) => SceneDraft[] }> = [
  { pattern: /thank|gratitude|appreciat/, scenes: (ctx) => s.thankYou(ctx) },
  { pattern: /support|help|assist|question/, scenes: (ctx) => [...s.support(ctx), ...s.reachOut(ctx)] },
  { pattern: /upgrade|offer|pricing|discount|\bplan\b|\btier\b/, scenes: (ctx) => [...s.upgrade(ctx), ...s.tierIncluded(ctx)] },
  {
    pattern: /next|step|action|start|invite|onboard|\btry\b/,
    scenes: (ctx) => [...s.inviteTeam(ctx), ...s.firstWorkflow(ctx), ...s.reachOut(ctx)],
  },
  { pattern: /usage|stat|login|metric|number|progress|recap|activity/, scenes: (ctx) => s.usage(ctx) },
  { pattern: /team|collab|seat|colleague/, scenes: (ctx) => [...s.team(ctx), ...s.inviteTeam(ctx)] },
  { pattern: /feature|tool|capabilit|product/, scenes: (ctx) => [...s.tierIncluded(ctx), ...s.onePlace(ctx)] },
  {
    pattern: /benefit|value|why|outcome|result|win|highlight|advantage/,
    scenes: (ctx) => [...s.timeBack(ctx), ...s.onePlace(ctx), ...s.tierIncluded(ctx)],
  },
];

const STEP_CUE = /next|step|action|start|invite|\btry\b|tip|offer/;

/** Candidates for a slot known only by its spec: its cues first, then the focus, then anything true. */
export function genericSlotWriter(slot: SceneSlot): SlotWriter {
  const cue = `${slot.kind} ${slot.label} ${slot.description}`.toLowerCase().replace(/_/g, ' ');
  const matching = CUES.filter((c) => c.pattern.test(cue));
  return (ctx) => [
    ...matching.flatMap((c) => c.scenes(ctx)),
    ...byFocus(ctx.focus, sharedByFocus(ctx), allSharedScenes(ctx)),
  ];
}

/** A writer for a template that has none of its own. */
export function genericTemplateWriter(template: TemplateSpec): TemplateWriter {
  return {
    defaultFocus: ['product_benefits', 'next_steps'],
    // Titled slots first: a point's own words make the best title.
    pointSlots: [...template.slots.filter((slot) => slot.title !== 'none'), ...template.slots.filter((slot) => slot.title === 'none')].map(
      (slot) => [slot.kind, STEP_CUE.test(`${slot.kind} ${slot.label} ${slot.description}`.toLowerCase().replace(/_/g, ' ')) ? 'step' : 'value'] as const,
    ),
    headline: (ctx) => (ctx.facts.firstName ? ctx.copy.shared.headline(ctx.facts) : ctx.copy.shared.anonymousHeadline),
    // Without knowing where the button leads, the template's own label is the only safe one.
    cta: (ctx) => [ctx.template.cta.defaultLabel],
    slots: {},
  };
}
