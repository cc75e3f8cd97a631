/**
 * Scenes any template can use (support, thanks, usage so far, teamwork…),
 * each offered only when the data supports it: no tier, no tier scene.
 */
import type { PointRole, SceneCopy, UsageSummary } from '../copy';
import type { SceneDraft, WriterContext } from '../context';
import { draft } from '../context';
import { featureList } from '../facts';
import { capitalize, countOf, type FreeTextPoint } from '../text';
import type { FocusKey } from '../schemas';
import type { PointUse } from './types';

/** The viewer's usage in a form the copy can quote, or undefined when there is none. */
export function usageSummary(ctx: WriterContext): UsageSummary | undefined {
  const { logins, featuresUsed } = ctx.facts;
  const hasLogins = logins !== undefined && logins > 0;
  if (!hasLogins && featuresUsed.length === 0) return undefined;
  return {
    logins: hasLogins ? logins : undefined,
    features: featuresUsed.length ? { list: featureList(featuresUsed), count: featuresUsed.length } : undefined,
  };
}

export const sharedScenes = {
  usage(ctx: WriterContext): SceneDraft[] {
    const usage = usageSummary(ctx);
    const stage = ctx.template.id === 'tmpl_welcome_message' ? 'new' : 'established';
    return usage ? [draft('usage', ctx.copy.shared.usage(ctx.facts, usage, stage))] : [];
  },
  tierIncluded(ctx: WriterContext): SceneDraft[] {
    const tier = ctx.facts.tier;
    return tier ? [draft('tier', ctx.copy.shared.tierIncluded(ctx.facts, tier))] : [];
  },
  onePlace: (ctx: WriterContext) => [draft('one_place', ctx.copy.shared.onePlace(ctx.facts))],
  timeBack: (ctx: WriterContext) => [draft('time_back', ctx.copy.shared.timeBack(ctx.facts))],
  team: (ctx: WriterContext) => [draft('team', ctx.copy.shared.team(ctx.facts))],
  support: (ctx: WriterContext) => [draft('support', ctx.copy.shared.support(ctx.facts))],
  thankYou: (ctx: WriterContext) => [draft('thank_you', ctx.copy.shared.thankYou(ctx.facts))],
  upgrade: (ctx: WriterContext) => [draft('upgrade', ctx.copy.shared.upgrade(ctx.facts))],
  inviteTeam: (ctx: WriterContext) => [draft('invite_team', ctx.copy.shared.inviteTeam(ctx.facts))],
  firstWorkflow: (ctx: WriterContext) => [draft('first_workflow', ctx.copy.shared.firstWorkflow(ctx.facts))],
  reachOut: (ctx: WriterContext) => [draft('reach_out', ctx.copy.shared.reachOut(ctx.facts))],
};

/**
 * The focus order with the viewer's own usage moved up to second place when
 * there is usage to quote and room for two scenes: their numbers beat any
 * generic line, but the first scene still answers the focus they asked for.
 */
export function focusWithUsage(ctx: WriterContext, count: number): FocusKey[] {
  const order = [...ctx.focus];
  if (count >= 2 && !order.includes('usage_insights') && usageSummary(ctx)) order.splice(1, 0, 'usage_insights');
  return order;
}

/** Every shared scene, grouped by the focus key it serves. */
export function sharedByFocus(ctx: WriterContext): Record<FocusKey, SceneDraft[]> {
  const s = sharedScenes;
  return {
    product_benefits: [...s.onePlace(ctx), ...s.timeBack(ctx), ...s.tierIncluded(ctx)],
    key_features: [...s.tierIncluded(ctx), ...s.onePlace(ctx)],
    getting_started: [...s.firstWorkflow(ctx), ...s.inviteTeam(ctx)],
    next_steps: [...s.inviteTeam(ctx), ...s.firstWorkflow(ctx), ...s.reachOut(ctx)],
    usage_insights: s.usage(ctx),
    upgrade: s.upgrade(ctx),
    support: [...s.support(ctx), ...s.reachOut(ctx)],
    thank_you: s.thankYou(ctx),
  };
}

/** Every shared scene that applies, in a sensible default order. */
export function allSharedScenes(ctx: WriterContext): SceneDraft[] {
  const s = sharedScenes;
  return [
    ...s.onePlace(ctx),
    ...s.timeBack(ctx),
    ...s.tierIncluded(ctx),
    ...s.usage(ctx),
    ...s.team(ctx),
    ...s.support(ctx),
    ...s.inviteTeam(ctx),
    ...s.firstWorkflow(ctx),
    ...s.reachOut(ctx),
    ...s.upgrade(ctx),
    ...s.thankYou(ctx),
  ];
}

/** The usage clause a usage-recap scene quotes, or undefined when there is nothing to quote. */
function usageFact(ctx: WriterContext, use: 'logins' | 'features'): string | undefined {
  const { logins, featuresUsed, period } = ctx.facts;
  if (use === 'logins') return logins ? `${capitalize(countOf(logins, 'login'))} ${period.phrase}` : undefined;
  // No period here: the logins scene says it, and the point needs the room.
  return featuresUsed.length ? `You used ${featureList(featuresUsed)}` : undefined;
}

/**
 * The scene a free-text point owns in a slot: the point's words in the title
 * and woven into the slot's own sentence (a greeting still greets, a renewal
 * still gives the date, a usage scene still quotes the numbers).
 */
export function pointScene(ctx: WriterContext, use: PointUse, point: FreeTextPoint, index: number): SceneCopy {
  const c = ctx.copy.point;
  const f = ctx.facts;
  if (use === 'greeting' || use === 'hook' || use === 'reminder') return { title: [], text: c[use](f, point), textInOrder: true };
  let role: PointRole = { kind: use === 'step' ? 'step' : 'value' };
  if (use === 'logins' || use === 'features') {
    const fact = usageFact(ctx, use);
    if (fact) role = { kind: 'usage', fact };
  }
  return c.scene(f, point, role, index);
}
