/**
 * tmpl_renewal_reminder: a friendly heads-up before a plan renews: the date,
 * what the plan delivered, an optional offer, and where to review it.
 */
import { z } from 'zod';
import { ASPECT_RATIOS } from '../../formats';
import type { ScriptScene } from '../../script';
import { ctaFields, personFields, present, take } from '../common';
import { defineTemplate } from '../define-template';

const customerDataSchema = z.looseObject({
  ...personFields,
  renewal_date: z.iso
    .date()
    .optional()
    .describe('Renewal date as YYYY-MM-DD; shown on a calendar card. Fallback: the card reads "soon".'),
  seats: z.number().int().min(1).max(1_000_000).optional().describe('Seats on the plan. Fallback: not shown.'),
  ...ctaFields,
});

export type RenewalReminderData = z.output<typeof customerDataSchema>;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "14 March 2026" from "2026-03-14", computed without the local time zone so every worker agrees. */
export function formatRenewalDate(isoDate: string): { day: number; month: string; year: number; long: string } {
  const [y, m, d] = isoDate.split('-').map(Number);
  const month = MONTHS[(m ?? 1) - 1] ?? '';
  return { day: d ?? 1, month, year: y ?? 0, long: `${month} ${d}, ${y}` };
}

export const renewalReminder = defineTemplate({
  id: 'tmpl_renewal_reminder',
  compositionId: 'renewal-reminder',
  name: 'Renewal reminder',
  description:
    'A friendly heads-up before a subscription renews: the date on a calendar card, what the plan delivered this year, an optional offer and a link to review the plan.',
  customerDataSchema,
  aspectRatios: ASPECT_RATIOS,
  engines: ['web', 'classic'],
  headline: { description: 'The reminder with the first name, e.g. "Sarah, your plan renews soon".', maxChars: 52 },
  slots: [
    {
      kind: 'reminder',
      label: 'Reminder',
      description: 'When the plan renews and that nothing needs doing if all is well (the date is drawn from renewal_date).',
      title: 'none',
      maxTitleChars: 0,
      maxChars: 110,
      count: { short: 1, medium: 1, long: 1 },
    },
    {
      kind: 'value',
      label: 'Value delivered',
      description: 'Something the plan did for them this year: short title and one sentence.',
      title: 'required',
      maxTitleChars: 32,
      maxChars: 120,
      count: { short: 1, medium: 2, long: 5 },
    },
    {
      kind: 'offer',
      label: 'Offer',
      description: 'An optional renewal offer or upgrade: a short badge as the title and one sentence.',
      title: 'required',
      maxTitleChars: 20,
      maxChars: 110,
      count: { short: 0, medium: 1, long: 1 },
    },
  ],
  cta: { description: 'Where to review the plan, e.g. "Review your plan".', defaultLabel: 'Review your plan' },
  timing: { introSeconds: 3, outroSeconds: 3.2, sceneBaseSeconds: 2 },
  exampleData: { first_name: 'Sarah', company: 'Acme Inc.', product_tier: 'Enterprise', renewal_date: '2026-03-14', seats: 25 },
  example(data, length) {
    const tier = present(data.product_tier);
    const company = present(data.company);
    const when = data.renewal_date ? `on ${formatRenewalDate(data.renewal_date).long}` : 'soon';
    const values: ScriptScene[] = [
      {
        kind: 'value',
        title: '1,240 reports delivered',
        text: `Your scheduled reports kept ${company ?? 'your team'} informed every single week.`,
      },
      { kind: 'value', title: '99.99% uptime', text: 'Your dashboards were there whenever you needed them.' },
      {
        kind: 'value',
        title: data.seats ? `${data.seats} people, one view` : 'One view for everyone',
        text: 'Everyone worked from the same numbers, without exporting a single spreadsheet.',
      },
      { kind: 'value', title: 'Faster answers', text: 'Questions that took a day now take minutes.' },
      { kind: 'value', title: 'Priority support', text: 'Our team answered your requests in under an hour on average.' },
    ];
    const counts = { short: [1, 0], medium: [2, 1], long: [5, 1] } as const;
    const [valueCount, offerCount] = counts[length];
    return {
      length,
      headline: `${data.first_name}, your ${tier ? `${tier} ` : ''}plan renews ${data.renewal_date ? 'soon' : 'shortly'}`,
      scenes: [
        {
          kind: 'reminder',
          text: `Your ${tier ?? ''} plan renews automatically ${when}. If everything looks right, there's nothing to do.`.replace('  ', ' '),
        },
        ...take(values, valueCount),
        ...take<ScriptScene>([{ kind: 'offer', title: '2 months free', text: 'Switch to annual billing before your renewal date and get two months on us.' }], offerCount),
      ],
      cta: { label: 'Review your plan', url: 'https://app.example.com/billing' },
    };
  },
});
