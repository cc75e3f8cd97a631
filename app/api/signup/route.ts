import { signUpInput } from '@/server/accounts/schemas';
import { requestSignUp } from '@/server/accounts/service';
import { getDb } from '@/server/db/client';
import { getEnv } from '@/server/env';
import { errorResponse, parseJsonBody } from '@/server/http/respond';
import { clientIp } from '@/server/http/client-ip';
import { enforceRateLimit } from '@/server/http/rate-limit';

export const dynamic = 'force-dynamic';

/**
 * Sign-up: 202 with the same body whether the email was free (the user and
 * their first account now exist) or already had an account (nothing changed),
 * so the answer does not tell which emails exist. The UI then signs in with
 * next-auth. With SIGNUP_ENABLED=false only a usable invitation's token (`invitation`)
 * admits its own email; otherwise 403.
 */
export async function POST(req: Request) {
  try {
    const env = getEnv();
    const db = await getDb();
    // Sign-ups per client address per hour (SIGNUPS_PER_IP_PER_HOUR): 429 with Retry-After past it.
    await enforceRateLimit(db, `signup:ip:${clientIp(req)}`, { limit: env.SIGNUPS_PER_IP_PER_HOUR, windowMs: 60 * 60 * 1000 });
    const input = await parseJsonBody(req, signUpInput, { maxBytes: 16 * 1024 });
    return Response.json(await requestSignUp(db, { input, openSignUp: env.SIGNUP_ENABLED }), { status: 202 });
  } catch (err) {
    return errorResponse(err);
  }
}
