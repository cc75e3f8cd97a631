/**
 * Templates as the API shows them (ext): id, name, description, supported
 * aspect ratios, the JSON Schema of the customer_data each reads, the slots a
 * script fills, nominal durations, and a preview thumbnail once rendered.
 */
import { z } from 'zod';
import { customerDataJsonSchema, getTemplate, templates, type TemplateSpec } from '../../remotion/templates/registry';
import { AppError } from '../lib/errors';
import { absoluteUrl } from '../lib/urls';
import { getStorage } from '../storage';

export const templateOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  aspect_ratios: z.array(z.string()),
  default_aspect_ratio: z.string(),
  customer_data_schema: z.record(z.string(), z.unknown()),
  slots: z.array(z.object({ kind: z.string(), label: z.string(), description: z.string() })),
  durations: z.object({ short: z.number(), medium: z.number(), long: z.number() }),
  preview_thumbnail: z.string().nullable(),
});
export type TemplateOutput = z.infer<typeof templateOutput>;

/** Storage key of a template's preview still (written by the render worker). */
export function templatePreviewKey(templateId: string, aspectRatio = '9:16'): string {
  return `templates/${templateId}-${aspectRatio.replace(':', 'x')}.jpg`;
}

const previewExists = new Map<string, boolean>();

async function previewUrl(templateId: string, origin: string): Promise<string | null> {
  const key = templatePreviewKey(templateId);
  let exists = previewExists.get(key);
  if (!exists) {
    exists = await getStorage().exists(key).catch(() => false);
    if (exists) previewExists.set(key, true);
  }
  return exists ? absoluteUrl(getStorage().publicUrl(key), origin) : null;
}

async function toTemplateOutput(t: TemplateSpec, origin: string): Promise<TemplateOutput> {
  return templateOutput.parse({
    id: t.id,
    name: t.name,
    description: t.description,
    aspect_ratios: [...t.aspectRatios],
    default_aspect_ratio: t.aspectRatios.includes('9:16') ? '9:16' : t.aspectRatios[0],
    customer_data_schema: customerDataJsonSchema(t.id),
    slots: t.slots.map((s) => ({ kind: s.kind, label: s.label, description: s.description })),
    durations: { short: 15, medium: 30, long: 60 },
    preview_thumbnail: await previewUrl(t.id, origin),
  });
}

export async function listTemplates(params: { origin: string }): Promise<TemplateOutput[]> {
  return Promise.all(templates.map((t) => toTemplateOutput(t, params.origin)));
}

export async function getTemplateOutput(params: { id: string; origin: string }): Promise<TemplateOutput> {
  const t = getTemplate(params.id);
  if (!t) throw AppError.notFound('Template');
  return toTemplateOutput(t, params.origin);
}
