/**
 * tmpl_usage_recap: a "your month in numbers" recap built from usage_stats:
 * logins counted up, features used as chips, then a highlight and a tip.
 */
import { z } from 'zod';
import { ASPECT_RATIOS } from '../../formats';
import type { ScriptScene } from '../../script';
import { ctaFields, humanize, listPhrase, personFields, present, sentence, take } from '../common';
import { defineTemplate } from '../define-template';

const customerDataSchema = z.looseObject({
  ...personFields,
  usage_stats: z
    .looseObject({
      logins: z.number().int().min(0).max(1e9).optional().describe('Sign-ins in the period. Fallback: the login scene shows no number.'),
      features_used: z
        .array(z.string().trim().min(1).max(60))
        .max(100)
        .optional()
        .describe('Feature keys or names used in the period, e.g. ["dashboard", "reports"]. Fallback: none.'),
    })
    .optional()
    .describe('Usage in the period. Fallback: the recap celebrates getting started instead.'),
  period: z.string().trim().max(30).optional().describe('The period covered, e.g. "March" or "Q1". Fallback: "month".'),
  ...ctaFields,
});

export type UsageRecapData = z.output<typeof customerDataSchema>;

export const usageRecap = defineTemplate({
  id: 'tmpl_usage_recap',
  compositionId: 'usage-recap',
  name: 'Usage recap',
  description:
    "A personal recap of the viewer's recent usage: logins counted up, the features they used, one highlight and one tip for what to try next.",
  customerDataSchema,
  aspectRatios: ASPECT_RATIOS,
  engines: ['web', 'classic'],
  headline: { description: 'The recap title with the first name, e.g. "Your month in review, Sarah".', maxChars: 48 },
  slots: [
    {
      kind: 'logins',
      label: 'Logins',
      description: 'One sentence about how often they signed in (the number itself is drawn from usage_stats.logins).',
      title: 'optional',
      maxTitleChars: 30,
      maxChars: 100,
      count: { short: 1, medium: 1, long: 1 },
    },
    {
      kind: 'features',
      label: 'Features used',
      description: 'One sentence about the features they used (shown as chips from usage_stats.features_used).',
      title: 'optional',
      maxTitleChars: 30,
      maxChars: 100,
      count: { short: 1, medium: 1, long: 1 },
    },
    {
      kind: 'highlight',
      label: 'Highlight',
      description: 'A specific win or pattern worth celebrating: short title and one sentence.',
      title: 'required',
      maxTitleChars: 32,
      maxChars: 120,
      count: { short: 0, medium: 1, long: 2 },
    },
    {
      kind: 'tip',
      label: 'Tip',
      description: 'One feature or habit to try next: short title and one sentence.',
      title: 'required',
      maxTitleChars: 32,
      maxChars: 120,
      count: { short: 0, medium: 1, long: 2 },
    },
  ],
  cta: { description: 'Where to go next, e.g. "See your full report".', defaultLabel: 'See your dashboard' },
  timing: { introSeconds: 2.8, outroSeconds: 3, sceneBaseSeconds: 2.4 },
  exampleData: {
    first_name: 'Sarah',
    last_name: 'Johnson',
    company: 'Acme Inc.',
    product_tier: 'Enterprise',
    usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
  },
  example(data, length) {
    const period = present(data.period) ?? 'month';
    const logins = data.usage_stats?.logins;
    const features = (data.usage_stats?.features_used ?? []).map(humanize);
    const company = present(data.company);
    const highlights: ScriptScene[] = [
      {
        kind: 'highlight',
        title: 'You made it a habit',
        text: sentence(`Most of your sessions started before 10 am${company ? `, setting the pace for ${company}` : ''}`),
      },
      { kind: 'highlight', title: 'Sharing pays off', text: 'Every report you shared was opened by at least two colleagues.' },
    ];
    const tips: ScriptScene[] = [
      { kind: 'tip', title: 'Try scheduled reports', text: 'Send your weekly numbers automatically every Monday morning.' },
      { kind: 'tip', title: 'Set up an alert', text: 'Hear about a change in your key metric the moment it happens.' },
    ];
    const counts = { short: [0, 0], medium: [1, 1], long: [2, 2] } as const;
    const [highlightCount, tipCount] = counts[length];
    return {
      length,
      headline: `Your ${period} in review, ${data.first_name}`,
      scenes: [
        {
          kind: 'logins',
          title: 'Sign-ins',
          text:
            logins === undefined || logins === 0
              ? 'Your first sign-in is the start of something good.'
              : `You signed in ${new Intl.NumberFormat('en-US').format(logins)} ${logins === 1 ? 'time' : 'times'} this ${period}. That's real momentum.`,
        },
        {
          kind: 'features',
          title: 'Features used',
          text: features.length
            ? `You put ${listPhrase(features.slice(0, 3).map((f) => f.toLowerCase()))}${features.length > 3 ? ' and more' : ''} to work.`
            : 'Dashboards, reports and alerts are ready when you are.',
        },
        ...take(highlights, highlightCount),
        ...take(tips, tipCount),
      ],
      cta: { label: 'See your full report', url: 'https://app.example.com/recap' },
    };
  },
});
