/**
 * What the v1.1 and v2 media upload endpoints share: reading a segment from a
 * multipart body as it streams, and base64 segments.
 */
import { MultipartReader, multipartBoundary } from '../multipart';
import { commandParam } from '../../media/schemas';
import { MAX_PARAM_BODY_BYTES, XApiError, type RawParams } from './wire';

export function decodeBase64(value: unknown, parameter = 'media_data'): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(value)) {
    throw XApiError.invalid(parameter, `${parameter} must be base64-encoded bytes.`);
  }
  return Buffer.from(value, 'base64');
}

/** Reads a multipart body: fields into `raw`, the `media` part handed to `onMedia` as a stream. */
export async function readMultipart(
  req: Request,
  raw: RawParams,
  onMedia: (body: AsyncGenerator<Buffer>) => Promise<void>,
): Promise<boolean> {
  const boundary = multipartBoundary(req.headers.get('content-type'));
  if (!boundary || !req.body) throw XApiError.invalid('media', 'multipart/form-data needs a boundary and a body.');
  const reader = new MultipartReader(req.body, boundary);
  let sawMedia = false;
  try {
    for (;;) {
      const part = await reader.nextPart();
      if (!part) break;
      if (part.name === 'media') {
        if (sawMedia) throw XApiError.invalid('media', 'Send one media part per APPEND.');
        sawMedia = true;
        await onMedia(part.body());
      } else if (part.name === 'media_data') {
        raw.media_data = await part.text(MAX_PARAM_BODY_BYTES);
      } else {
        raw[part.name] = await part.text(64 * 1024);
      }
    }
  } finally {
    await reader.cancel();
  }
  return sawMedia;
}


/** The upload `command` (any case), written back into `raw` upper-cased; 400 naming `command` when absent or unknown. */
export function parseCommand(raw: RawParams): 'INIT' | 'APPEND' | 'FINALIZE' | 'STATUS' {
  if (raw.command === undefined || raw.command === '') throw XApiError.missing('command');
  const result = commandParam.safeParse(String(raw.command));
  if (!result.success) throw XApiError.invalid('command', 'command must be INIT, APPEND, FINALIZE or STATUS.');
  raw.command = result.data;
  return result.data;
}
