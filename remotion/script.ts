/**
 * The script a template renders: one headline, a list of scenes that fill the
 * template's slots, and an optional call to action for the end card.
 *
 * Shared by the messaging writer (server/messaging produces it, the video row
 * stores it so a re-render is reproducible) and the compositions (they render
 * it). Plain zod + TypeScript: no React, no Node imports.
 *
 * Rules a writer must follow (the schema enforces them):
 * - `kind` names one of the template's slots (see `slots` in the template
 *   spec); an unknown kind still renders, as a plain statement scene.
 * - At most `MAX_SCENES[length]` scenes, so a 15 s video never has to flash
 *   through eight of them.
 * - Text limits are generous on purpose: the compositions measure and shrink
 *   text to fit, the limits only stop abuse.
 */
import { z } from 'zod';
import { getTemplate } from './templates/registry';

export const SCRIPT_LENGTHS = ['short', 'medium', 'long'] as const;
export type ScriptLength = (typeof SCRIPT_LENGTHS)[number];

/** Most scenes a script of each length may hold (intro and end card not counted). */
export const MAX_SCENES: Record<ScriptLength, number> = { short: 4, medium: 7, long: 12 };

export const SCRIPT_LIMITS = {
  headline: 140,
  sceneTitle: 80,
  sceneText: 400,
  ctaLabel: 40,
} as const;

export const sceneKindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a snake_case slot name such as "benefit"');

export const scriptSceneSchema = z.object({
  kind: sceneKindSchema,
  title: z.string().trim().min(1).max(SCRIPT_LIMITS.sceneTitle).optional(),
  text: z.string().trim().min(1).max(SCRIPT_LIMITS.sceneText),
});

export const scriptCtaSchema = z.object({
  label: z.string().trim().min(1).max(SCRIPT_LIMITS.ctaLabel),
  url: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
});

export const scriptSchema = z
  .object({
    length: z.enum(SCRIPT_LENGTHS),
    headline: z.string().trim().min(1).max(SCRIPT_LIMITS.headline),
    scenes: z.array(scriptSceneSchema).min(1).max(MAX_SCENES.long),
    cta: scriptCtaSchema.nullable(),
  })
  .superRefine((script, ctx) => {
    const max = MAX_SCENES[script.length];
    if (script.scenes.length > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['scenes'],
        message: `a ${script.length} script has at most ${max} scenes (got ${script.scenes.length})`,
      });
    }
  });

export type ScriptScene = z.infer<typeof scriptSceneSchema>;
export type ScriptCta = z.infer<typeof scriptCtaSchema>;
export type Script = z.infer<typeof scriptSchema>;

/**
 * A deterministic script for previews and `defaultProps`: same template, data
 * and length always give the same script. Not the messaging writer; it only
 * fills each slot from the template's own example copy.
 */
export function exampleScript(templateId: string, customerData: unknown, length: ScriptLength): Script {
  const template = getTemplate(templateId);
  if (!template) throw new Error(`Unknown template "${templateId}"`);
  return template.exampleScript(customerData, length);
}
