import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AppShell } from '@/components/shell/app-shell';
import { TrpcProvider } from '@/components/trpc-provider';
import { ConfirmProvider } from '@/components/ui/confirm';
import { Toaster } from 'sonner';
import { listAccountsForUser, resolveAccount } from '@/server/accounts/service';
import { auth } from '@/server/auth/config';
import { getDb } from '@/server/db/client';
import { ACCOUNT_COOKIE } from '@/lib/constants';

export const dynamic = 'force-dynamic';

/** Everything under (app) needs a session; the current account comes from a cookie, checked against memberships. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  if (!session?.user?.id) {
    const path = (await headers()).get('x-pathname') ?? '/dashboard';
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  const db = await getDb();
  const hint = (await cookies()).get(ACCOUNT_COOKIE)?.value ?? null;
  const [account, accounts] = await Promise.all([
    resolveAccount(db, { userId: session.user.id, accountId: hint, fallback: true }),
    listAccountsForUser(db, { userId: session.user.id }),
  ]);
  return (
    <TrpcProvider accountId={account?.id ?? null}>
      <ConfirmProvider>
        <AppShell user={{ email: session.user.email, name: session.user.name ?? null }} account={account} accounts={accounts}>
          {children}
        </AppShell>
      </ConfirmProvider>
      {/* Results of work that finishes out of sight (a render, a delete) are announced here; polite live region. */}
      <Toaster position="bottom-right" richColors closeButton />
    </TrpcProvider>
  );
}
