/**
 * tmpl_welcome_message: a warm first hello to a new customer: who they are,
 * what they get, one next step.
 */
import { z } from 'zod';
import { ASPECT_RATIOS } from '../../formats';
import type { ScriptScene } from '../../script';
import { ctaFields, personFields, present, sentence, take } from '../common';
import { defineTemplate } from '../define-template';

const customerDataSchema = z.looseObject({ ...personFields, ...ctaFields });

export type WelcomeMessageData = z.output<typeof customerDataSchema>;

export const welcomeMessage = defineTemplate({
  id: 'tmpl_welcome_message',
  compositionId: 'welcome-message',
  name: 'Welcome message',
  description:
    'A personal welcome for a new customer: greets them by name, shows what their plan gives them and ends with one clear next step.',
  customerDataSchema,
  aspectRatios: ASPECT_RATIOS,
  engines: ['web', 'classic'],
  headline: { description: 'A short greeting that uses the first name, e.g. "Welcome aboard, Sarah!"', maxChars: 48 },
  slots: [
    {
      kind: 'greeting',
      label: 'Greeting',
      description: 'One warm sentence that welcomes the viewer (and their company if known).',
      title: 'none',
      maxTitleChars: 0,
      maxChars: 110,
      count: { short: 1, medium: 1, long: 1 },
    },
    {
      kind: 'benefit',
      label: 'Benefit',
      description: 'One thing the product does for them: a 2–5 word title and one sentence.',
      title: 'required',
      maxTitleChars: 36,
      maxChars: 120,
      count: { short: 1, medium: 2, long: 5 },
    },
    {
      kind: 'next_step',
      label: 'Next step',
      description: 'The single action to take first, as a title and one sentence.',
      title: 'required',
      maxTitleChars: 36,
      maxChars: 120,
      count: { short: 0, medium: 1, long: 2 },
    },
  ],
  cta: { description: 'Where to start, e.g. "Open your workspace".', defaultLabel: 'Get started' },
  timing: { introSeconds: 3, outroSeconds: 3.2, sceneBaseSeconds: 1.8 },
  exampleData: { first_name: 'Sarah', last_name: 'Johnson', company: 'Acme Inc.', product_tier: 'Enterprise' },
  example(data, length) {
    const company = present(data.company);
    const tier = present(data.product_tier);
    const benefits: ScriptScene[] = [
      {
        kind: 'benefit',
        title: 'Everything in one place',
        text: 'Projects, people and progress live on one dashboard, so nobody hunts for the latest version.',
      },
      {
        kind: 'benefit',
        title: 'Reports that write themselves',
        text: 'Schedule the numbers your team reviews each week and they arrive in every inbox on time.',
      },
      {
        kind: 'benefit',
        title: 'Answers in seconds',
        text: 'Ask a question in plain words and get a chart you can share straight away.',
      },
      {
        kind: 'benefit',
        title: tier ? `Built for ${tier}` : 'Ready for your whole team',
        text: sentence(`Single sign-on, audit logs and priority support are already switched on${company ? ` for ${company}` : ''}`),
      },
      {
        kind: 'benefit',
        title: 'Help when you need it',
        text: 'A real person from our team answers within the hour, every working day.',
      },
    ];
    const steps: ScriptScene[] = [
      {
        kind: 'next_step',
        title: 'Invite your team',
        text: `Add two colleagues so ${company ?? 'your team'} can start working together today.`,
      },
      {
        kind: 'next_step',
        title: 'Book your onboarding call',
        text: 'Thirty minutes with a specialist to set up your first workflow.',
      },
    ];
    const counts = { short: [1, 0], medium: [2, 1], long: [5, 2] } as const;
    const [benefitCount, stepCount] = counts[length];
    return {
      length,
      headline: `Welcome aboard, ${data.first_name}!`,
      scenes: [
        {
          kind: 'greeting',
          text: `We're so glad ${company ? `${company} is` : "you're"} here${tier ? `. Your ${tier} workspace is ready` : ''}.`,
        },
        ...take(benefits, benefitCount),
        ...take(steps, stepCount),
      ],
      cta: { label: 'Open your workspace', url: 'https://app.example.com/welcome' },
    };
  },
});
