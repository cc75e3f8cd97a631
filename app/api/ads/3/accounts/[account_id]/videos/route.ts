/** GET (list) and POST (associate) /api/ads/3/accounts/{account_id}/videos, as in seed 002. */
import { adsRoute, xMethodNotAllowed } from '@/server/http/x/route';
import { createVideoParams, listVideosParams } from '@/server/library/schemas';
import { associateVideo, countLibraryVideos, listLibraryVideos } from '@/server/library/service';
import { adsJson, parseParams, XApiError } from '@/server/http/x/wire';

export const dynamic = 'force-dynamic';

type Path = { account_id: string };

export const GET = adsRoute<Path>({ accepts: listVideosParams }, async ({ db, accountId, path, raw, origin, echo }) => {
  const p = parseParams(listVideosParams, raw);
  Object.assign(echo, p);
  if (p.with_total_count && p.cursor !== undefined) {
    throw XApiError.invalid('with_total_count', 'with_total_count and cursor are exclusive: ask for the total on the first page.');
  }
  const { data, nextCursor } = await listLibraryVideos(db, { accountId: accountId!, origin, ...p });
  const total = p.with_total_count
    ? { total_count: await countLibraryVideos(db, { accountId: accountId!, withDeleted: p.with_deleted, videoIds: p.video_ids }) }
    : {};
  return adsJson({ data, request: { params: { ...p, account_id: path.account_id } }, next_cursor: nextCursor, ...total });
});

export const POST = adsRoute<Path>({ accepts: createVideoParams }, async ({ db, accountId, path, raw, echo }) => {
  const p = parseParams(createVideoParams, raw);
  Object.assign(echo, p);
  const { id, created } = await associateVideo(db, { accountId: accountId!, ...p });
  return adsJson({ data: { id }, request: { params: { ...p, account_id: path.account_id } } }, { status: created ? 201 : 200 });
});

const notAllowed = xMethodNotAllowed(['GET', 'POST']);
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
