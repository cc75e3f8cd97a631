/**
 * Templates as the API shows them (ext): id, name, description, supported
 * aspect ratios, the JSON Schema of the customer_data each reads, the slots a
 * script fills, nominal durations, and a preview thumbnail once the worker has
 * rendered one for the current template version (previews.ts), else null.
 */
import { plannedKinds } from '../messaging/plan';
import { z } from 'zod';
import { customerDataJsonSchema, getTemplate, templates, type TemplateSpec } from '../../remotion/templates/registry';
import { AppError } from '../lib/errors';
import { absoluteUrl } from '../lib/urls';
import { getStorage, type StorageDriver } from '../storage';
import { defaultAspectRatio, previewTemplateVersion, templatePreviewKey } from './previews';

export const templateOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  aspect_ratios: z.array(z.string()),
  default_aspect_ratio: z.string(),
  customer_data_schema: z.record(z.string(), z.unknown()),
  slots: z.array(z.object({ kind: z.string(), label: z.string(), description: z.string() })),
  durations: z.object({ short: z.number(), medium: z.number(), long: z.number() }),
  /** Scenes per length: the most focus points a video of that length covers (one per scene). */
  scenes: z.object({ short: z.number().int(), medium: z.number().int(), long: z.number().int() }),
  preview_thumbnail: z.string().nullable(),
});
export type TemplateOutput = z.infer<typeof templateOutput>;

/** Keys known to exist, per driver: a preview once written is never removed while its version is current. */
const previewsFound = new WeakMap<StorageDriver, Set<string>>();

/** The public URL of the template's preview for the current template version, or null while there is none. */
async function previewUrl(t: TemplateSpec, origin: string): Promise<string | null> {
  const version = previewTemplateVersion();
  if (!version) return null;
  const key = templatePreviewKey(t.id, version, defaultAspectRatio(t));
  const storage = getStorage();
  let found = previewsFound.get(storage);
  if (!found) previewsFound.set(storage, (found = new Set()));
  if (!found.has(key)) {
    if (!(await storage.exists(key).catch(() => false))) return null;
    found.add(key);
  }
  return absoluteUrl(storage.publicUrl(key), origin);
}

async function toTemplateOutput(t: TemplateSpec, origin: string): Promise<TemplateOutput> {
  return templateOutput.parse({
    id: t.id,
    name: t.name,
    description: t.description,
    aspect_ratios: [...t.aspectRatios],
    default_aspect_ratio: defaultAspectRatio(t),
    customer_data_schema: customerDataJsonSchema(t.id),
    slots: t.slots.map((s) => ({ kind: s.kind, label: s.label, description: s.description })),
    durations: { short: 15, medium: 30, long: 60 },
    scenes: { short: plannedKinds(t, 'short').length, medium: plannedKinds(t, 'medium').length, long: plannedKinds(t, 'long').length },
    preview_thumbnail: await previewUrl(t, origin),
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
