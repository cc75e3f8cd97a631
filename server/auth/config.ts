/**
 * next-auth (v5) for the web UI: email + password (argon2id) always, GitHub and
 * Google when their env vars are set. JWT sessions (no session table) carrying
 * our user id in `sub`.
 */
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import { signInInput } from '../accounts/schemas';
import { upsertOAuthUser, verifyCredentials } from '../accounts/service';
import { type Db, getDb } from '../db/client';
import { authSecret, getEnv } from '../env';
import { clientIp } from '../http/client-ip';
import { checkRateLimit } from '../http/rate-limit';
import { logger } from '../lib/logger';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name?: string | null };
  }
}

export function enabledOAuthProviders(): Array<'github' | 'google'> {
  const env = getEnv();
  const out: Array<'github' | 'google'> = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) out.push('github');
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) out.push('google');
  return out;
}

/** The sign-in form reads this code to say why (next-auth passes `code` through to the client). */
export class TooManySignInAttempts extends CredentialsSignin {
  code = 'too_many_attempts';
}

const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** Sign-in attempts per email and per client address, 15-minute windows (LOGIN_ATTEMPTS_PER_EMAIL / _PER_IP). */
async function throttleSignIn(db: Db, email: string, ip: string): Promise<void> {
  const env = getEnv();
  const [byEmail, byIp] = await Promise.all([
    checkRateLimit(db, `login:email:${email}`, { limit: env.LOGIN_ATTEMPTS_PER_EMAIL, windowMs: SIGN_IN_WINDOW_MS }),
    checkRateLimit(db, `login:ip:${ip}`, { limit: env.LOGIN_ATTEMPTS_PER_IP, windowMs: SIGN_IN_WINDOW_MS }),
  ]);
  if (!byEmail.allowed || !byIp.allowed) {
    logger.warn('sign-in throttled', { byEmail: !byEmail.allowed, byIp: !byIp.allowed });
    throw new TooManySignInAttempts();
  }
}

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const providers: NextAuthConfig['providers'] = [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = signInInput.safeParse(raw);
        if (!parsed.success) return null;
        const db = await getDb();
        // Every attempt counts, right or wrong: past the budget even the right password waits (no guessing in bulk).
        await throttleSignIn(db, parsed.data.email, clientIp(request));
        const user = await verifyCredentials(db, parsed.data.email, parsed.data.password);
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
  }
  return {
    secret: authSecret(),
    trustHost: true,
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    pages: { signIn: '/login' },
    providers,
    callbacks: {
      async jwt({ token, user, account }) {
        if (account && account.provider !== 'credentials' && user?.email) {
          // OAuth: the provider vouched for the email; map it to (or create) our user.
          const ours = await upsertOAuthUser(await getDb(), { email: user.email, name: user.name });
          token.sub = ours.id;
          token.email = ours.email;
          token.name = ours.name;
        } else if (user?.id) {
          token.sub = user.id;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
