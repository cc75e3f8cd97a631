/**
 * Template previews: one JPEG still per template and template version, in
 * the template's default aspect ratio, drawn by the worker (`template.preview`
 * jobs, render-preview.ts) from the template's example customer_data and the
 * built-in writer's script.
 *
 * The template version (the bundle's content hash) is part of the storage
 * key, so a changed template gets a new preview, the API never shows one
 * drawn by older code, and a key is never reused (stored objects are cached
 * as immutable).
 *
 * Each worker start enqueues the previews the current version lacks: one job
 * per template and version whatever the number of workers or restarts (dedupe
 * key), none when the file exists, delayed and at the lowest priority so they
 * never hold up start-up or customer renders.
 */
import type { AspectRatio } from '../../remotion/formats';
import { templates, type TemplateSpec } from '../../remotion/templates/registry';
import type { Db } from '../db/client';
import { enqueueJob } from '../jobs/queue';
import { errorFields, logger } from '../lib/logger';
import { currentTemplateVersion } from '../render/bundle';
import { getStorage } from '../storage';
import { templatePreviewJob } from './preview-job';

/** How long after a worker starts its preview jobs become due: start-up and queued renders go first. */
export const PREVIEW_START_DELAY_MS = 15_000;
/** Hashing remotion/ is a few ms of synchronous I/O: the API recomputes it at most this often. */
const VERSION_TTL_MS = 10_000;

/** The aspect ratio a template is shown in by default: 9:16 where it supports it. */
export function defaultAspectRatio(template: Pick<TemplateSpec, 'aspectRatios'>): AspectRatio {
  return template.aspectRatios.includes('9:16') ? '9:16' : template.aspectRatios[0]!;
}

/** Storage key of a template's preview still drawn by one template version. */
export function templatePreviewKey(templateId: string, version: string, aspectRatio: string): string {
  return `templates/${templateId}/${version}-${aspectRatio.replace(':', 'x')}.jpg`;
}

let cachedVersion: { value: string | null; at: number } | null = null;

/** The template version renders use now (see currentTemplateVersion), cached for a few seconds. */
export function previewTemplateVersion(): string | null {
  if (!cachedVersion || Date.now() - cachedVersion.at >= VERSION_TTL_MS) {
    cachedVersion = { value: currentTemplateVersion(), at: Date.now() };
  }
  return cachedVersion.value;
}

export interface EnqueuedPreview {
  templateId: string;
  jobId: string;
  /** False when a job for this template and version was already queued or running. */
  created: boolean;
}

/**
 * Enqueues a `template.preview` job for every template whose preview for the
 * current version is not in storage. Returns what it enqueued (or found
 * already queued); a template whose preview exists is left out.
 */
export async function enqueueMissingTemplatePreviews(
  db: Db,
  options: { delayMs?: number } = {},
): Promise<{ version: string | null; previews: EnqueuedPreview[] }> {
  const version = currentTemplateVersion();
  if (!version) return { version, previews: [] };
  const storage = getStorage();
  const previews: EnqueuedPreview[] = [];
  for (const template of templates) {
    if (await storage.exists(templatePreviewKey(template.id, version, defaultAspectRatio(template)))) continue;
    const { job, created } = await enqueueJob(db, {
      kind: templatePreviewJob,
      payload: { templateId: template.id, version },
      dedupeKey: `${template.id}:${version}`,
      delayMs: options.delayMs,
    });
    previews.push({ templateId: template.id, jobId: job.id, created });
  }
  return { version, previews };
}

/**
 * For worker start-up (the embedded worker in server/boot.ts, `npm run
 * worker`): enqueues the missing previews in the background, after
 * PREVIEW_START_DELAY_MS. Returns at once and never throws: a preview is
 * never worth a failed start.
 */
export function scheduleTemplatePreviews(db: Db): void {
  enqueueMissingTemplatePreviews(db, { delayMs: PREVIEW_START_DELAY_MS })
    .then(({ version, previews }) => {
      const created = previews.filter((p) => p.created).map((p) => p.templateId);
      if (created.length > 0) logger.info('template previews enqueued', { version, templates: created });
    })
    .catch((err) => logger.warn('could not enqueue template previews', errorFields(err)));
}
