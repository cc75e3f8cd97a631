/**
 * Preview before rendering (`POST /api/v1/videos/preview`): the same
 * validation as a create, then the script the render would use and one JPEG
 * still of a chosen moment (or the frame the thumbnail would show), at half
 * the standard size. Nothing is stored: no video, no job, no file.
 */
import { readFile } from 'node:fs/promises';
import { metadataFor } from '../../remotion/metadata';
import type { CompositionProps } from '../../remotion/props';
import type { Script } from '../../remotion/script';
import { withBrandDefaults, writeScriptWithKit } from '../brand/service';
import type { Db } from '../db/client';
import { AppError } from '../lib/errors';
import { resolveBrand } from '../render/brand';
import { renderSettings, renderStillFile, thumbnailFrame } from '../render/renderer';
import type { CreateVideoInput } from './schemas';
import { formatsOf } from './renditions';
import { validateCreate } from './service';

/** Previews are looked at, not published: half the standard size (360×640 for 9:16) is sharp and quick. */
const PREVIEW_SCALE = 0.5;

export interface VideoPreview {
  script: Script;
  /** Seconds. */
  duration: number;
  aspect_ratio: string;
  /** The moment drawn, in seconds, and its frame. */
  at: number;
  frame: number;
  width: number;
  height: number;
  /** The still, as a data: URI (image/jpeg). */
  image: string;
}

export async function previewVideo(
  db: Db,
  params: { accountId: string; input: CreateVideoInput; atSeconds?: number | null; signal?: AbortSignal },
): Promise<VideoPreview> {
  const v = await validateCreate(db, params.accountId, params.input);
  const customerData = withBrandDefaults(v.customerData, v.brandKit);
  const script = params.input.script
    ? (params.input.script as unknown as Script)
    : (await writeScriptWithKit(v.brandKit, { templateId: v.input.template_id, customerData: v.customerData, aiMessaging: v.aiMessaging }, { signal: params.signal })).script;
  const props: CompositionProps = {
    template_id: v.input.template_id,
    customer_data: customerData,
    script,
    // The video's own format (the first of aspect_ratios), captions as the render draws them.
    aspect_ratio: formatsOf(v.input)[0]!,
    resolution: v.input.resolution as CompositionProps['resolution'],
    brand: await resolveBrand(customerData),
    ...(v.input.captions === 'burned' ? { burned_captions: true } : {}),
  };
  const meta = metadataFor(props);
  const duration = meta.durationInFrames / meta.fps;
  let frame: number;
  if (params.atSeconds === undefined || params.atSeconds === null) {
    frame = thumbnailFrame(meta.props, meta.durationInFrames);
  } else {
    if (!(params.atSeconds >= 0 && params.atSeconds < duration)) {
      throw AppError.invalidField('at', `must be a moment of the video, from 0 to ${Math.floor(duration * 10) / 10} seconds`);
    }
    frame = Math.min(meta.durationInFrames - 1, Math.floor(params.atSeconds * meta.fps));
  }
  const out = await renderStillFile({ props, frame, signal: params.signal, scale: Math.min(PREVIEW_SCALE, renderSettings().scale), jpegQuality: 80 });
  try {
    const bytes = await readFile(out.path);
    return {
      script,
      duration: Math.round(duration * 100) / 100,
      aspect_ratio: props.aspect_ratio,
      at: Math.round((frame / meta.fps) * 100) / 100,
      frame,
      width: out.width,
      height: out.height,
      image: `data:image/jpeg;base64,${bytes.toString('base64')}`,
    };
  } finally {
    await out.cleanup();
  }
}
