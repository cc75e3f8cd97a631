/**
 * tmpl_usage_recap: their logins and features, quoted exactly ("12 logins",
 * "dashboard, reports and analytics"), highlights drawn only from what the
 * numbers show, and tips that fit their stage (no "make it a habit" for
 * someone who signed in 40 times).
 */
import { byFocus, draft, type SceneDraft, type WriterContext } from '../context';
import { sharedScenes as s } from './shared';
import type { TemplateWriter } from './types';

function highlights(ctx: WriterContext) {
  const f = ctx.facts;
  const r = ctx.copy.usageRecap;
  const logins = f.logins ?? 0;
  const used = f.featuresUsed;
  const perWeek = f.period.weeks ? Math.round(logins / f.period.weeks) : 0;
  const habit: SceneDraft[] = logins >= 5 ? [draft('habit', r.habit(f, perWeek >= 1 ? perWeek : undefined))] : [];
  const breadth: SceneDraft[] = used.length >= 2 ? [draft('breadth', r.breadth(f, used.length))] : [];
  const focused: SceneDraft[] = used.length === 1 && used[0] ? [draft('focused', r.focused(f, used[0]))] : [];
  const tierAtWork: SceneDraft[] = f.tier && (logins >= 5 || used.length >= 2) ? [draft('tier_at_work', r.tierAtWork(f))] : [];
  const freshStart: SceneDraft[] = logins <= 1 && used.length === 0 ? [draft('fresh_start', r.freshStart(f))] : [];
  return { habit, breadth, focused, tierAtWork, freshStart };
}

function tips(ctx: WriterContext) {
  const f = ctx.facts;
  const r = ctx.copy.usageRecap;
  const first = f.featuresUsed[0];
  return {
    tryNew: [draft('try_new', r.tryNew(f))],
    weeklyHabit: f.logins === undefined || f.logins < 8 ? [draft('weekly_habit', r.weeklyHabit(f))] : [],
    goDeeper: first ? [draft('go_deeper', r.goDeeper(f, first))] : [],
  };
}

export const usageRecapWriter: TemplateWriter = {
  defaultFocus: ['usage_insights', 'next_steps'],
  pointSlots: [
    ['tip', 'step'],
    ['highlight', 'value'],
    ['features', 'features'],
    ['logins', 'logins'],
  ],
  headline: (ctx) => ctx.copy.usageRecap.headline(ctx.facts),
  cta: (ctx) => ctx.copy.usageRecap.cta,
  slots: {
    logins: (ctx) => [draft('logins', ctx.copy.usageRecap.logins(ctx.facts))],
    features: (ctx) => [draft('features', ctx.copy.usageRecap.features(ctx.facts))],

    highlight: (ctx) => {
      const h = highlights(ctx);
      return byFocus(
        ctx.focus,
        {
          usage_insights: [...h.habit, ...h.breadth, ...h.focused, ...h.tierAtWork, ...h.freshStart],
          product_benefits: [...h.habit, ...h.tierAtWork, ...s.timeBack(ctx)],
          key_features: [...h.breadth, ...h.focused, ...h.tierAtWork],
          thank_you: s.thankYou(ctx),
        },
        [...h.habit, ...h.breadth, ...h.focused, ...h.tierAtWork, ...h.freshStart, ...s.thankYou(ctx), ...s.onePlace(ctx)],
      );
    },

    tip: (ctx) => {
      const t = tips(ctx);
      return byFocus(
        ctx.focus,
        {
          next_steps: [...t.tryNew, ...s.inviteTeam(ctx), ...t.weeklyHabit],
          key_features: [...t.goDeeper, ...t.tryNew],
          getting_started: [...t.weeklyHabit, ...s.firstWorkflow(ctx)],
          usage_insights: [...t.weeklyHabit, ...t.tryNew],
          support: [...s.reachOut(ctx), ...s.support(ctx)],
          upgrade: s.upgrade(ctx),
        },
        [...t.tryNew, ...s.inviteTeam(ctx), ...t.weeklyHabit, ...t.goDeeper, ...s.reachOut(ctx)],
      );
    },
  },
};
