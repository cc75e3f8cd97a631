/** GET /api/ads/3/accounts: the accounts the caller may use (an API key: its own account). */
import { listAccountsForUser } from '@/server/accounts/service';
import { adsRoute } from '@/server/http/x/route';
import { listAdsAccounts } from '@/server/library/service';
import { adsJson } from '@/server/http/x/wire';

export const dynamic = 'force-dynamic';

export const GET = adsRoute(async ({ db, principal }) => {
  const ids = principal.keyAccountId
    ? [principal.keyAccountId]
    : (await listAccountsForUser(db, { userId: principal.userId ?? '' })).map((a) => a.id);
  return adsJson({ data: await listAdsAccounts(db, { accountIds: ids }), request: { params: {} }, next_cursor: null });
});
