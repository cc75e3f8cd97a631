/**
 * tmpl_product_demo: a hook in the viewer's words (their use case), one scene
 * per feature they care about (theirs, or the demo app's defaults), then
 * outcomes. When their feature list is shorter than the tour, the remaining
 * feature scenes speak about the product as a whole instead of inventing
 * features they may not have.
 */
import { DEFAULT_FEATURES } from '../../../remotion/templates/product-demo/spec';
import type { DefaultFeature } from '../copy';
import { byFocus, draft, type SceneDraft, type WriterContext } from '../context';
import { sharedScenes as s } from './shared';
import type { TemplateWriter } from './types';

const defaultFeatureByName = new Map<string, DefaultFeature>(DEFAULT_FEATURES.map((name) => [name.toLowerCase(), name]));

function featureScenes(ctx: WriterContext): SceneDraft[] {
  const names = ctx.facts.features.length ? ctx.facts.features : [...DEFAULT_FEATURES];
  // Rotating where the sentence frames start keeps two customers' tours from reading alike.
  const offset = ctx.rng.int(6);
  let custom = 0;
  return names.map((name) => {
    const known = defaultFeatureByName.get(name.toLowerCase());
    const copy = known
      ? { ...ctx.copy.productDemo.knownFeature(ctx.facts, known), title: [name] }
      : ctx.copy.productDemo.feature(ctx.facts, name, offset + custom++);
    return draft(`feature:${name.toLowerCase()}`, copy);
  });
}

function useCaseOutcome(ctx: WriterContext): SceneDraft[] {
  const useCase = ctx.facts.useCase;
  return useCase ? [draft('outcome_use_case', ctx.copy.productDemo.outcomeUseCase(ctx.facts, useCase))] : [];
}

export const productDemoWriter: TemplateWriter = {
  defaultFocus: ['key_features', 'product_benefits'],
  pointSlots: [
    ['outcome', 'value'],
    ['feature', 'value'],
    ['hook', 'hook'],
  ],
  headline: (ctx) => ctx.copy.productDemo.headline(ctx.facts),
  cta: (ctx) => ctx.copy.productDemo.cta,
  slots: {
    hook: (ctx) => [draft('hook', { title: [], text: ctx.copy.productDemo.hook(ctx.facts) })],

    feature: (ctx) => [
      ...featureScenes(ctx),
      ...byFocus(
        ctx.focus,
        {
          // Time saved is an outcome scene already; features stay about the product.
          product_benefits: () => [...s.onePlace(ctx), ...s.tierIncluded(ctx), ...s.team(ctx)],
          key_features: () => [...s.tierIncluded(ctx), ...s.support(ctx)],
          support: () => s.support(ctx),
          upgrade: () => s.upgrade(ctx),
        },
        // Teamwork comes last: the "everyone in sync" outcome already says it.
        [...s.tierIncluded(ctx), ...s.support(ctx), ...s.onePlace(ctx), ...s.team(ctx)],
      ),
    ],

    outcome: (ctx) => {
      const p = ctx.copy.productDemo;
      const f = ctx.facts;
      return [
        ...useCaseOutcome(ctx),
        ...byFocus(
          ctx.focus,
          {
            product_benefits: () => [draft('outcome_time', p.outcomeTime(f)), draft('outcome_aligned', p.outcomeAligned(f))],
            key_features: () => [draft('outcome_aligned', p.outcomeAligned(f))],
            getting_started: () => [draft('outcome_start', p.outcomeStart(f))],
            next_steps: () => [draft('outcome_start', p.outcomeStart(f))],
            usage_insights: () => s.usage(ctx),
            thank_you: () => s.thankYou(ctx),
            support: () => s.support(ctx),
          },
          [draft('outcome_time', p.outcomeTime(f)), draft('outcome_aligned', p.outcomeAligned(f)), draft('outcome_start', p.outcomeStart(f))],
        ),
      ];
    },
  },
};
