/**
 * (ext) POST /api/v1/videos/preview: validates a create request exactly as
 * POST /videos does and answers its script and one JPEG still (`?at=` seconds,
 * else the thumbnail's moment), creating nothing. See server/videos/preview.ts.
 */
import { AppError } from '@/server/lib/errors';
import { parseJsonBody } from '@/server/http/respond';
import { withApiKey } from '@/server/http/with-api-key';
import { createVideoInput } from '@/server/videos/schemas';
import { previewVideo } from '@/server/videos/preview';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 256 * 1024;

export const POST = withApiKey(async ({ req, db, auth }) => {
  const rawAt = new URL(req.url).searchParams.get('at');
  let atSeconds: number | null = null;
  if (rawAt !== null) {
    atSeconds = /^\d{1,4}(\.\d{1,3})?$/.test(rawAt) ? Number(rawAt) : NaN;
    if (!Number.isFinite(atSeconds)) throw new AppError('bad_request', 'at: must be a number of seconds, e.g. 2.5', [{ field: 'at', message: 'must be a number of seconds, e.g. 2.5' }]);
  }
  const input = await parseJsonBody(req, createVideoInput, { maxBytes: MAX_BODY_BYTES });
  const preview = await previewVideo(db, { accountId: auth.accountId, input, atSeconds, signal: req.signal });
  return Response.json(preview, { headers: { 'cache-control': 'no-store' } });
});
