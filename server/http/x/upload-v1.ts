/**
 * The chunked media upload endpoint (`POST|GET /api/ads/1.1/media/upload`,
 * also `.json`): INIT, APPEND, FINALIZE, STATUS with X's parameter names.
 *
 * APPEND takes the segment as a multipart `media` part (streamed to storage:
 * put the parameters in the query string or in parts before `media`), as
 * base64 `media_data` in a form or JSON body, or as the raw body with
 * `Content-Type: application/octet-stream` and the parameters in the query
 * string. Authenticated by API key, or by session from the web UI.
 */
import { Readable } from 'node:stream';
import { getDb } from '@/server/db/client';
import { withRateLimitHeaders, type RateLimitResult } from '../rate-limit';
import { authenticateAds, limitAdsRequests, resolveAdsAccount } from './auth';
import {
  adsJson,
  mediaTypeOf,
  MAX_PARAM_BODY_BYTES,
  parseParams,
  queryParams,
  readParams,
  XApiError,
  xErrorResponse,
  type RawParams,
} from './wire';
import { decodeBase64, parseCommand, readMultipart } from './upload-common';
import { appendParams, finalizeParams, initParams, MAX_SEGMENT_BYTES, statusParams } from '@/server/media/schemas';
import { appendSegment, finalizeUpload, getUploadStatus, initUpload } from '@/server/media/upload-service';
import { getStorage, type PutBody } from '@/server/storage';

/** Parameters echoed in `request.params`: never the bytes. */
function echo(raw: RawParams, parsed?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (k !== 'media' && k !== 'media_data') out[k] = v;
  return parsed ? { ...out, ...parsed } : out;
}

export async function handleMediaUpload(req: Request): Promise<Response> {
  const meter: { budget?: RateLimitResult } = {};
  return withRateLimitHeaders(await handleMediaUploadCommand(req, meter), meter.budget);
}

async function handleMediaUploadCommand(req: Request, meter: { budget?: RateLimitResult }): Promise<Response> {
  let raw: RawParams = queryParams(req);
  let parsed: Record<string, unknown> | undefined;
  try {
    const db = await getDb();
    const principal = await authenticateAds(req, db);
    const accountId = await resolveAdsAccount(req, db, principal, null);
    meter.budget = await limitAdsRequests(db, accountId, 'upload');
    const storage = getStorage();
    const type = mediaTypeOf(req);

    if (type === 'multipart/form-data') {
      // The segment is streamed as soon as its part arrives, so the parameters must precede it.
      let appended = false;
      const sawMedia = await readMultipart(req, raw, async (body) => {
        if (raw.command === undefined) {
          throw XApiError.invalid('media', 'The media part came before command, media_id and segment_index: send them first (or in the query string).');
        }
        if (parseCommand(raw) !== 'APPEND') throw XApiError.invalid('media', 'A media part is only accepted with command=APPEND.');
        const p = parseParams(appendParams, raw);
        parsed = { media_id: p.media_id, segment_index: p.segment_index };
        await appendSegment(db, storage, { accountId, mediaId: p.media_id, segmentIndex: p.segment_index, body: Readable.from(body) });
        appended = true;
      });
      if (appended) return new Response(null, { status: 204 });
      if (!sawMedia && raw.media_data === undefined && parseCommand(raw) === 'APPEND') throw XApiError.missing('media');
    } else if (type === 'application/octet-stream') {
      if (parseCommand(raw) !== 'APPEND') throw XApiError.invalid('command', 'A raw application/octet-stream body is only accepted with command=APPEND.');
      const p = parseParams(appendParams, raw);
      parsed = { media_id: p.media_id, segment_index: p.segment_index };
      if (!req.body) throw XApiError.missing('media');
      await appendSegment(db, storage, {
        accountId,
        mediaId: p.media_id,
        segmentIndex: p.segment_index,
        body: req.body as ReadableStream<Uint8Array>,
      });
      return new Response(null, { status: 204 });
    } else {
      raw = await readParams(req, MAX_PARAM_BODY_BYTES);
    }

    const command = parseCommand(raw);
    if (req.method === 'GET' && command !== 'STATUS') {
      throw XApiError.invalid('command', `GET only serves command=STATUS; send ${command} with POST.`);
    }
    switch (command) {
      case 'INIT': {
        const p = parseParams(initParams, raw);
        parsed = { total_bytes: p.total_bytes, media_type: p.media_type, ...(p.media_category ? { media_category: p.media_category } : {}) };
        const out = await initUpload(db, { accountId, totalBytes: p.total_bytes, mediaType: p.media_type, mediaCategory: p.media_category });
        return adsJson(out);
      }
      case 'APPEND': {
        const p = parseParams(appendParams, raw);
        parsed = { media_id: p.media_id, segment_index: p.segment_index };
        if (raw.media_data === undefined || raw.media_data === '') throw XApiError.missing('media');
        const bytes: PutBody = decodeBase64(raw.media_data);
        if ((bytes as Buffer).length > MAX_SEGMENT_BYTES) {
          throw new XApiError(413, 'MEDIA_TOO_LARGE', `Segment ${p.segment_index} is larger than the 5 MB (${MAX_SEGMENT_BYTES} bytes) segment limit.`, 'media_data');
        }
        await appendSegment(db, storage, { accountId, mediaId: p.media_id, segmentIndex: p.segment_index, body: bytes });
        return new Response(null, { status: 204 });
      }
      case 'FINALIZE': {
        const p = parseParams(finalizeParams, raw);
        parsed = { media_id: p.media_id };
        return adsJson(await finalizeUpload(db, { accountId, mediaId: p.media_id }));
      }
      case 'STATUS': {
        const p = parseParams(statusParams, raw);
        parsed = { media_id: p.media_id };
        return adsJson(await getUploadStatus(db, { accountId, mediaId: p.media_id }));
      }
    }
  } catch (err) {
    return xErrorResponse(err, echo(raw, parsed), { numericCodes: true });
  }
}
