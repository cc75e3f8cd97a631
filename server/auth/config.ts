/**
 * next-auth (v5) for the web UI: email + password (argon2id) always, GitHub and
 * Google when their env vars are set. JWT sessions (no session table) carrying
 * our user id in `sub`.
 */
import NextAuth, { type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import { signInInput } from '../accounts/schemas';
import { upsertOAuthUser, verifyCredentials } from '../accounts/service';
import { getDb } from '../db/client';
import { authSecret, getEnv } from '../env';

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

function buildConfig(): NextAuthConfig {
  const env = getEnv();
  const providers: NextAuthConfig['providers'] = [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = signInInput.safeParse(raw);
        if (!parsed.success) return null;
        const user = await verifyCredentials(await getDb(), parsed.data.email, parsed.data.password);
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
