/** GET, PUT and DELETE (soft) /api/ads/3/accounts/{account_id}/videos/{video_id}, as in seed 002. */
import { adsRoute, xMethodNotAllowed } from '@/server/http/x/route';
import { getVideoParams, updateVideoParams } from '@/server/library/schemas';
import { deleteLibraryVideo, getLibraryVideo, updateLibraryVideo } from '@/server/library/service';
import { adsJson, parseParams } from '@/server/http/x/wire';

export const dynamic = 'force-dynamic';

type Path = { account_id: string; video_id: string };

const echoPath = (path: Path) => ({ video_id: path.video_id, account_id: path.account_id });

export const GET = adsRoute<Path>({ accepts: getVideoParams }, async ({ db, accountId, path, raw, origin, echo }) => {
  const p = parseParams(getVideoParams, raw);
  Object.assign(echo, p);
  const data = await getLibraryVideo(db, { accountId: accountId!, videoId: path.video_id, withDeleted: p.with_deleted, origin });
  return adsJson({ data, request: { params: { ...echoPath(path), ...p } } });
});

export const PUT = adsRoute<Path>({ accepts: updateVideoParams }, async ({ db, accountId, path, raw, origin, echo }) => {
  const p = parseParams(updateVideoParams, raw);
  Object.assign(echo, p);
  const data = await updateLibraryVideo(db, { accountId: accountId!, videoId: path.video_id, origin, ...p });
  return adsJson({ data, request: { params: { ...echoPath(path), ...p } } });
});

export const DELETE = adsRoute<Path>({ accepts: null }, async ({ db, accountId, path, origin }) => {
  const data = await deleteLibraryVideo(db, { accountId: accountId!, videoId: path.video_id, origin });
  return adsJson({ data, request: { params: echoPath(path) } });
});

const notAllowed = xMethodNotAllowed(['GET', 'PUT', 'DELETE']);
export const POST = notAllowed;
export const PATCH = notAllowed;
