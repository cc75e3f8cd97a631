import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { AuthShell } from '@/components/auth/auth-shell';
import { SignupForm } from '@/components/auth/signup-form';
import { previewInvitation } from '@/server/accounts/team';
import { auth } from '@/server/auth/config';
import { getDb } from '@/server/db/client';
import { getEnv } from '@/server/env';
import { safeNextPath } from '@/lib/safe-next';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create account' };

/** The usable invitation whose page (`/invite/<token>`) sent the visitor here, if any. */
async function invitationOf(next: string | undefined) {
  const token = /^\/invite\/([A-Za-z0-9_-]{20,100})$/.exec(safeNextPath(next ?? null, ''))?.[1];
  if (!token) return null;
  const invitation = await previewInvitation(await getDb(), token);
  return invitation && !invitation.unusable ? { token, email: invitation.email } : null;
}

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if ((await auth())?.user) redirect(safeNextPath(next ?? null));
  const open = getEnv().SIGNUP_ENABLED;
  // With open sign-up off, an invitation still admits the email it was made for (POST /api/signup checks it again).
  const invitation = await invitationOf(next);
  const subtitle = (
    <>
      Already have one?{' '}
      <Link href={next ? `/login?next=${encodeURIComponent(safeNextPath(next))}` : '/login'} className="font-medium text-indigo-600 hover:underline">
        Sign in
      </Link>
    </>
  );
  return (
    <AuthShell title="Create your account" subtitle={subtitle}>
      {open || invitation ? (
        <Suspense>
          <SignupForm invitation={invitation} emailLocked={!open} />
        </Suspense>
      ) : (
        <p className="text-sm text-slate-600">Sign-up is disabled on this server. Ask an administrator for an invite.</p>
      )}
    </AuthShell>
  );
}
