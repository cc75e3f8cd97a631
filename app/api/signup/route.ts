import { signUpInput } from '@/server/accounts/schemas';
import { signUp } from '@/server/accounts/service';
import { getDb } from '@/server/db/client';
import { getEnv } from '@/server/env';
import { AppError } from '@/server/lib/errors';
import { errorResponse, parseJsonBody } from '@/server/http/respond';
import { clientIp } from '@/server/http/client-ip';
import { enforceRateLimit } from '@/server/http/rate-limit';
import { isoSeconds } from '@/server/lib/time';

export const dynamic = 'force-dynamic';

/** Creates a user and their first account. The UI then signs in with next-auth. */
export async function POST(req: Request) {
  try {
    const env = getEnv();
    if (!env.SIGNUP_ENABLED) throw new AppError('forbidden', 'Sign-up is disabled on this server');
    const db = await getDb();
    // Sign-ups per client address per hour (SIGNUPS_PER_IP_PER_HOUR): 429 with Retry-After past it.
    await enforceRateLimit(db, `signup:ip:${clientIp(req)}`, { limit: env.SIGNUPS_PER_IP_PER_HOUR, windowMs: 60 * 60 * 1000 });
    const input = await parseJsonBody(req, signUpInput, { maxBytes: 16 * 1024 });
    const { user, account } = await signUp(db, input);
    return Response.json(
      {
        user: { id: user.id, email: user.email, name: user.name, created_at: isoSeconds(user.createdAt) },
        account: { id: account.id, name: account.name, role: account.role },
      },
      { status: 201 },
    );
  } catch (err) {
    return errorResponse(err);
  }
}
