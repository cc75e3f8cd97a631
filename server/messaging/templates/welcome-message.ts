/**
 * tmpl_welcome_message: a greeting that names them (and their company and
 * plan), benefits chosen by the focus points, and concrete first steps. Usage
 * they already have (logins, features tried) earns a benefit scene of its own.
 */
import { byFocus, draft, type SceneDraft, type WriterContext } from '../context';
import { focusWithUsage, sharedScenes as s } from './shared';
import type { TemplateWriter } from './types';

function featureScenes(ctx: WriterContext): SceneDraft[] {
  const { facts } = ctx;
  const usedKeys = new Set(facts.featuresUsed.map((name) => name.toLocaleLowerCase('en-US')));
  const planned = facts.features.filter((name) => !usedKeys.has(name.toLocaleLowerCase('en-US')));
  const named = [...planned.map((name) => ({ name, used: false })), ...facts.featuresUsed.map((name) => ({ name, used: true }))];
  return named.map(({ name, used }, i) => draft(`feature:${name.toLocaleLowerCase('en-US')}`, ctx.copy.welcome.feature(facts, name, i, used)));
}

function exploreTier(ctx: WriterContext): SceneDraft[] {
  const tier = ctx.facts.tier;
  return tier ? [draft('explore_tier', ctx.copy.welcome.exploreTier(ctx.facts, tier))] : [];
}

export const welcomeMessageWriter: TemplateWriter = {
  defaultFocus: ['product_benefits', 'next_steps'],
  pointSlots: [
    ['next_step', 'step'],
    ['benefit', 'value'],
    ['greeting', 'greeting'],
  ],
  headline: (ctx) => ctx.copy.welcome.headline(ctx.facts),
  cta: (ctx) => ctx.copy.welcome.cta,
  slots: {
    greeting: (ctx) => [draft('greeting', { title: [], text: ctx.copy.welcome.greeting(ctx.facts) })],

    benefit: (ctx, count) => {
      const readyNow = draft('ready_now', ctx.copy.welcome.readyNow(ctx.facts));
      const hasNextStepSlot = (ctx.template.slots.find((slot) => slot.kind === 'next_step')?.count[ctx.length] ?? 0) > 0;
      return byFocus(
        focusWithUsage(ctx, count),
        {
          // The greeting already names the plan, so the plan's own scene comes after the broader benefits.
          product_benefits: () => [...s.onePlace(ctx), ...s.timeBack(ctx), ...s.tierIncluded(ctx)],
          key_features: () => [...featureScenes(ctx), ...s.tierIncluded(ctx)],
          getting_started: () => [readyNow, ...s.onePlace(ctx)],
          usage_insights: () => s.usage(ctx),
          support: () => s.support(ctx),
          thank_you: () => s.thankYou(ctx),
          upgrade: () => s.upgrade(ctx),
          // A short welcome has no next-step scene, so the one benefit scene carries the step.
          next_steps: () => (hasNextStepSlot ? [] : [...s.firstWorkflow(ctx), ...s.inviteTeam(ctx)]),
        },
        // The team scene comes last: inviting the team is usually a next step already.
        [...s.tierIncluded(ctx), ...s.onePlace(ctx), ...s.timeBack(ctx), ...s.support(ctx), ...s.thankYou(ctx), ...s.team(ctx)],
      );
    },

    next_step: (ctx) =>
      byFocus(
        ctx.focus,
        {
          next_steps: () => [...s.inviteTeam(ctx), ...s.firstWorkflow(ctx), ...s.reachOut(ctx)],
          getting_started: () => [...s.firstWorkflow(ctx), ...exploreTier(ctx), ...s.inviteTeam(ctx)],
          key_features: () => exploreTier(ctx),
          upgrade: () => exploreTier(ctx),
          support: () => s.reachOut(ctx),
        },
        [...s.inviteTeam(ctx), ...s.firstWorkflow(ctx), ...s.reachOut(ctx), ...exploreTier(ctx)],
      ),
  },
};
