/**
 * The `template.preview` handler: draws one JPEG still of a template, the
 * way the API's `preview_thumbnail` shows it, and stores it under the key of
 * the template version it was drawn with (previews.ts).
 *
 * The sample is the one the create form's live preview uses: the template's
 * example customer_data, with the script the built-in writer gives it
 * (friendly, short; no AI endpoint, so the same input always gives the same
 * picture). The frame is the one a video's thumbnail shows, the size at most
 * half the standard resolution. The still goes through the renderer's
 * shared browser and bundle, with its timeout and the job's cancel signal.
 */
import type { CompositionProps } from '../../remotion/props';
import { templates } from '../../remotion/templates/registry';
import type { CommitFn, JobContext } from '../jobs/registry';
import { logger } from '../lib/logger';
import { writeBuiltinScript } from '../messaging/service';
import { resolveBrand } from '../render/brand';
import { ensureRemotionBundle } from '../render/bundle';
import { permanentRenderFailure } from '../render/failures';
import { renderSettings, renderStillFile } from '../render/renderer';
import { getStorage } from '../storage';
import { IMMUTABLE_CACHE_CONTROL } from '../storage/types';
import { defaultAspectRatio, templatePreviewKey } from './previews';

/** Gallery cards are small: half size (360×640 for 9:16) is sharp at 2× and some 30 kB. */
const PREVIEW_SCALE = 0.5;

type Payload = { templateId: string; version: string };

export interface TemplatePreviewResult {
  key: string;
  templateVersion: string;
  width?: number;
  height?: number;
  frame?: number;
  skipped?: string;
}

/** The props of a template's preview, or null for an unknown template. */
export async function templatePreviewProps(templateId: string): Promise<CompositionProps | null> {
  const template = templates.find((t) => t.id === templateId);
  if (!template) return null;
  const customerData = structuredClone(template.exampleData) as Record<string, unknown>;
  const script = writeBuiltinScript({
    templateId,
    customerData,
    aiMessaging: { tone: 'friendly', length: 'short', focus_points: [] },
  });
  return {
    template_id: templateId,
    customer_data: customerData,
    script,
    aspect_ratio: defaultAspectRatio(template),
    resolution: 'standard',
    brand: await resolveBrand(customerData),
  };
}

export async function handleTemplatePreview(ctx: JobContext<Payload>): Promise<CommitFn<TemplatePreviewResult> | void> {
  const { templateId } = ctx.payload;
  const props = await templatePreviewProps(templateId);
  // Removed by a deploy since the job was enqueued: nothing to draw.
  if (!props) return;
  const storage = getStorage();
  // The version of the bundle this worker renders with: newer than the payload's after a deploy, and that is the one to draw.
  const { version } = await ensureRemotionBundle();
  const existingKey = templatePreviewKey(templateId, version, props.aspect_ratio);
  if (await storage.exists(existingKey)) {
    return async () => ({ key: existingKey, templateVersion: version, skipped: 'preview exists' });
  }

  let out;
  try {
    out = await renderStillFile({
      props,
      signal: ctx.signal,
      scale: Math.min(PREVIEW_SCALE, renderSettings().scale),
    });
  } catch (err) {
    throw permanentRenderFailure(err) ?? err;
  }
  const key = templatePreviewKey(templateId, out.templateVersion, props.aspect_ratio);
  try {
    // Atomic: the API sees no file or the whole JPEG.
    await storage.putFile(key, out.path, { contentType: 'image/jpeg', cacheControl: IMMUTABLE_CACHE_CONTROL });
  } finally {
    await out.cleanup();
  }
  logger.info('template preview rendered', { templateId, templateVersion: out.templateVersion, key });
  const result: TemplatePreviewResult = {
    key,
    templateVersion: out.templateVersion,
    width: out.width,
    height: out.height,
    frame: out.frame,
  };
  return async () => result;
}
