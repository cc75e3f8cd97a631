import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { AuthShell } from '@/components/auth/auth-shell';
import { SignupForm } from '@/components/auth/signup-form';
import { auth } from '@/server/auth/config';
import { getEnv } from '@/server/env';
import { safeNextPath } from '@/lib/safe-next';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create account' };

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if ((await auth())?.user) redirect(safeNextPath(next ?? null));
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
      {getEnv().SIGNUP_ENABLED ? (
        <Suspense>
          <SignupForm />
        </Suspense>
      ) : (
        <p className="text-sm text-slate-600">Sign-up is disabled on this server. Ask an administrator for an invite.</p>
      )}
    </AuthShell>
  );
}
