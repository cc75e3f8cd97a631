/**
 * tmpl_product_demo: a guided tour of the product, one feature per scene,
 * each shown on an animated app window.
 */
import { z } from 'zod';
import { ASPECT_RATIOS } from '../../formats';
import type { ScriptScene } from '../../script';
import { ctaFields, humanize, personFields, present, sentence, take } from '../common';
import { defineTemplate } from '../define-template';

const customerDataSchema = z.looseObject({
  ...personFields,
  product_name: z
    .string()
    .trim()
    .max(60)
    .optional()
    .describe('Name of the product being shown. Fallback: "the platform".'),
  features: z
    .array(z.string().trim().min(1).max(40))
    .max(12)
    .optional()
    .describe('Features to highlight, in order; they also label the app window. Fallback: a generic set.'),
  use_case: z.string().trim().max(80).optional().describe('What they want to achieve, e.g. "weekly reporting".'),
  ...ctaFields,
});

export type ProductDemoData = z.output<typeof customerDataSchema>;

/** Labels of the demo app's navigation when the data names no features. */
export const DEFAULT_FEATURES = ['Dashboards', 'Reports', 'Alerts', 'Workspaces', 'Integrations'] as const;

export const productDemo = defineTemplate({
  id: 'tmpl_product_demo',
  compositionId: 'product-demo',
  name: 'Product demo',
  description:
    'A short guided tour: an animated app window walks through the features that matter to this viewer, then invites them to try it.',
  customerDataSchema,
  aspectRatios: ASPECT_RATIOS,
  engines: ['web', 'classic'],
  headline: { description: 'Promise of the tour, e.g. "Sarah, meet your new reporting flow".', maxChars: 56 },
  slots: [
    {
      kind: 'hook',
      label: 'Hook',
      description: 'The problem the viewer has today, as one short question or sentence.',
      title: 'none',
      maxTitleChars: 0,
      maxChars: 90,
      count: { short: 1, medium: 1, long: 1 },
    },
    {
      kind: 'feature',
      label: 'Feature',
      description: 'One feature: its name as the title and what it does for them in one sentence.',
      title: 'required',
      maxTitleChars: 32,
      maxChars: 120,
      count: { short: 1, medium: 3, long: 6 },
    },
    {
      kind: 'outcome',
      label: 'Outcome',
      description: 'The result they can expect: a short, concrete claim as the title and one sentence.',
      title: 'optional',
      maxTitleChars: 24,
      maxChars: 120,
      count: { short: 0, medium: 1, long: 2 },
    },
  ],
  cta: { description: 'Invitation to try it, e.g. "Start your free trial".', defaultLabel: 'Try it yourself' },
  timing: { introSeconds: 3.2, outroSeconds: 3.2, sceneBaseSeconds: 2.2 },
  exampleData: { first_name: 'Sarah', company: 'Acme Inc.', product_name: 'Clipwright Analytics' },
  example(data, length) {
    const product = present(data.product_name) ?? 'the platform';
    const company = present(data.company);
    const names = data.features?.length ? data.features.map(humanize) : [...DEFAULT_FEATURES];
    const copy: Record<string, string> = {
      Dashboards: 'Every number your team watches, live on one screen.',
      Reports: 'Build a report once and it refreshes itself every Monday.',
      Alerts: 'Get a message the moment a metric moves, not a week later.',
      Workspaces: 'Give each team its own space with the right access.',
      Integrations: 'Connect the tools you already use in two clicks.',
    };
    const features: ScriptScene[] = names.map((name) => ({
      kind: 'feature',
      title: name,
      text: copy[name] ?? `${name} takes the busywork off your plate, so you can focus on decisions.`,
    }));
    const outcomes: ScriptScene[] = [
      { kind: 'outcome', title: '5 hours back', text: 'Teams like yours save an afternoon every week on reporting.' },
      { kind: 'outcome', title: 'One source of truth', text: 'Everyone sees the same numbers, so meetings start with decisions.' },
    ];
    const counts = { short: [1, 0], medium: [3, 1], long: [6, 2] } as const;
    const [featureCount, outcomeCount] = counts[length];
    return {
      length,
      headline: `${data.first_name}, here's ${product} in action`,
      scenes: [
        {
          kind: 'hook',
          text: sentence(`Still stitching ${present(data.use_case) ?? 'reports'} together by hand? There's a faster way${company ? ` for ${company}` : ''}`),
        },
        ...take(features, featureCount),
        ...take(outcomes, outcomeCount),
      ],
      cta: { label: 'Start your free trial', url: 'https://app.example.com/trial' },
    };
  },
});
