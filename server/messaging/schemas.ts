/**
 * The `ai_messaging` object of the Videos API (tone, length, focus points),
 * shared by REST, tRPC, the OpenAPI document and the create form. The option
 * lists carry human labels so the UI can build its controls from them.
 *
 * Defaults: tone "friendly", length "medium", focus_points [] (an empty list
 * lets each template pick its own focus, e.g. benefits and next steps for a
 * welcome message).
 */
import { z } from 'zod';
import { SCRIPT_LENGTHS, type ScriptLength } from '../../remotion/script';

export const TONES = ['friendly', 'professional', 'enthusiastic', 'casual'] as const;
export type Tone = (typeof TONES)[number];

export const DEFAULT_TONE: Tone = 'friendly';
export const DEFAULT_LENGTH: ScriptLength = 'medium';

export const MAX_FOCUS_POINTS = 5;
export const MAX_FOCUS_POINT_CHARS = 80;

export const TONE_OPTIONS: ReadonlyArray<{ value: Tone; label: string; description: string }> = [
  { value: 'friendly', label: 'Friendly', description: 'Warm and personal, like a note from someone who knows them.' },
  { value: 'professional', label: 'Professional', description: 'Clear, measured and respectful. No exclamation marks.' },
  { value: 'enthusiastic', label: 'Enthusiastic', description: 'High energy and celebratory, for launches and milestones.' },
  { value: 'casual', label: 'Casual', description: 'Short, relaxed and conversational, like a quick message.' },
];

export const LENGTH_OPTIONS: ReadonlyArray<{ value: ScriptLength; label: string; description: string }> = [
  { value: 'short', label: 'Short', description: 'About 15 seconds: the essentials only.' },
  { value: 'medium', label: 'Medium', description: 'About 30 seconds: the essentials plus a next step.' },
  { value: 'long', label: 'Long', description: 'About 60 seconds: the full story, more scenes.' },
];

export const FOCUS_KEYS = [
  'product_benefits',
  'key_features',
  'getting_started',
  'next_steps',
  'usage_insights',
  'upgrade',
  'support',
  'thank_you',
] as const;
export type FocusKey = (typeof FOCUS_KEYS)[number];

export const FOCUS_POINT_OPTIONS: ReadonlyArray<{ value: FocusKey; label: string; description: string }> = [
  { value: 'product_benefits', label: 'Product benefits', description: 'What the product does for them.' },
  { value: 'key_features', label: 'Key features', description: 'The features they have or use, by name.' },
  { value: 'getting_started', label: 'Getting started', description: 'How to get going quickly.' },
  { value: 'next_steps', label: 'Next steps', description: 'One clear action to take next.' },
  { value: 'usage_insights', label: 'Usage insights', description: 'Their own numbers: logins and features used.' },
  { value: 'upgrade', label: 'Upgrade', description: 'Room to grow: more seats or a bigger plan.' },
  { value: 'support', label: 'Help & support', description: 'Where to get help when they need it.' },
  { value: 'thank_you', label: 'Thank you', description: 'Thank them for being a customer.' },
];

const focusKeySet: ReadonlySet<string> = new Set(FOCUS_KEYS);

export function isFocusKey(value: string): value is FocusKey {
  return focusKeySet.has(value);
}

// Control characters (line breaks, tabs, escapes) would show on screen as boxes or break the AI prompt.
const CONTROL_CHARS = /\p{Cc}/u;
// A snake_case word that is not a known key is almost always a typo of one, not a sentence.
const KEY_LIKE = /^[a-z]+(?:_[a-z0-9]+)+$/;

const focusPointSchema = z
  .string({ error: 'must be a focus key such as "next_steps" or a short free-text point' })
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_FOCUS_POINT_CHARS, `must be at most ${MAX_FOCUS_POINT_CHARS} characters`)
  .refine((v) => !CONTROL_CHARS.test(v), 'must not contain control characters such as line breaks')
  .refine((v) => isFocusKey(v) || !KEY_LIKE.test(v), {
    error: (issue) =>
      `unknown focus point "${String(issue.input)}": use one of ${FOCUS_KEYS.join(', ')}, or write a free-text point in plain words`,
  });

export const aiMessagingSchema = z.object({
  tone: z
    .enum(TONES, { error: `must be one of: ${TONES.join(', ')}` })
    .default(DEFAULT_TONE)
    .describe(`Tone of the copy: ${TONES.join(', ')}. Default: ${DEFAULT_TONE}.`),
  length: z
    .enum(SCRIPT_LENGTHS, { error: `must be one of: ${SCRIPT_LENGTHS.join(', ')}` })
    .default(DEFAULT_LENGTH)
    .describe('Video length: short (~15 s), medium (~30 s) or long (~60 s). Default: medium.'),
  focus_points: z
    .array(focusPointSchema, { error: 'must be an array of focus keys or short free-text points' })
    .max(MAX_FOCUS_POINTS, `must have at most ${MAX_FOCUS_POINTS} items`)
    // Repeating a point would only repeat a scene.
    .transform((points) => [...new Set(points)])
    .default([])
    .describe(
      `Up to ${MAX_FOCUS_POINTS} topics to emphasise, in order: known keys (${FOCUS_KEYS.join(', ')}) ` +
        `or free text of at most ${MAX_FOCUS_POINT_CHARS} characters. Default: the template's own focus.`,
    ),
});

/** What a client may send (every field optional). */
export type AiMessagingInput = z.input<typeof aiMessagingSchema>;
/** After parsing: every field present, defaults applied. */
export type AiMessaging = z.output<typeof aiMessagingSchema>;

/** The settings used when a request has no `ai_messaging` at all. */
export const DEFAULT_AI_MESSAGING: AiMessaging = { tone: DEFAULT_TONE, length: DEFAULT_LENGTH, focus_points: [] };
