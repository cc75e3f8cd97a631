/**
 * tmpl_renewal_reminder: the date and "nothing to do", what the plan
 * delivered (their seats, tier and usage when known), and an offer that
 * promises nothing the customer has not set up: a plan review, room to grow,
 * or seats. Discounts are never invented.
 */
import { byFocus, draft, type SceneDraft, type WriterContext } from '../context';
import { focusWithUsage, sharedScenes as s } from './shared';
import type { TemplateWriter } from './types';

function values(ctx: WriterContext) {
  const f = ctx.facts;
  const r = ctx.copy.renewal;
  return {
    seats: (f.seats && f.seats > 1 ? [draft('seats', r.seats(f, f.seats))] : []) as SceneDraft[],
    tierValue: (f.tier ? [draft('tier_value', r.tierValue(f, f.tier))] : []) as SceneDraft[],
    continuity: [draft('continuity', r.continuity(f))],
  };
}

export const renewalReminderWriter: TemplateWriter = {
  defaultFocus: ['usage_insights', 'product_benefits'],
  pointSlots: [
    ['value', 'value'],
    ['offer', 'step'],
    ['reminder', 'reminder'],
  ],
  headline: (ctx) => ctx.copy.renewal.headline(ctx.facts),
  cta: (ctx) => ctx.copy.renewal.cta,
  slots: {
    reminder: (ctx) => [draft('reminder', { title: [], text: ctx.copy.renewal.reminder(ctx.facts) })],

    value: (ctx, count) => {
      const v = values(ctx);
      return byFocus(
        focusWithUsage(ctx, count),
        {
          usage_insights: [...s.usage(ctx), ...v.seats],
          product_benefits: [...v.tierValue, ...v.continuity, ...s.timeBack(ctx), ...s.onePlace(ctx)],
          key_features: [...v.tierValue, ...s.usage(ctx)],
          getting_started: v.continuity,
          next_steps: v.continuity,
          support: s.support(ctx),
          thank_you: s.thankYou(ctx),
        },
        [...v.seats, ...v.tierValue, ...v.continuity, ...s.support(ctx), ...s.onePlace(ctx), ...s.timeBack(ctx), ...s.thankYou(ctx)],
      );
    },

    offer: (ctx) => {
      const f = ctx.facts;
      const r = ctx.copy.renewal;
      const growth = draft('growth', r.growth(f));
      const review = draft('review', r.review(f));
      const addSeats: SceneDraft[] = f.seats ? [draft('add_seats', r.addSeats(f))] : [];
      return byFocus(ctx.focus, { upgrade: [growth, ...addSeats], support: [review] }, [review, growth, ...addSeats]);
    },
  },
};
