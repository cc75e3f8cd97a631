/** GET /api/ads/3/accounts: the accounts the caller may use (an API key: its own account). */
import { listAccountsForUser } from '@/server/accounts/service';
import { adsRoute, xMethodNotAllowed } from '@/server/http/x/route';
import { listAdsAccounts } from '@/server/library/service';
import { adsJson } from '@/server/http/x/wire';

export const dynamic = 'force-dynamic';

export const GET = adsRoute({ accepts: null }, async ({ db, principal }) => {
  const ids = principal.keyAccountId
    ? [principal.keyAccountId]
    : (await listAccountsForUser(db, { userId: principal.userId ?? '' })).map((a) => a.id);
  return adsJson({ data: await listAdsAccounts(db, { accountIds: ids }), request: { params: {} }, next_cursor: null });
});

const notAllowed = xMethodNotAllowed(['GET']);
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
