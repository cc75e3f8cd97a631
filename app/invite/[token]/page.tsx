/**
 * An invitation link (Settings → Team): who invites you to which account, as
 * what; join when signed in with the invited email, else sign in or create an
 * account first and come back here.
 */
import Link from 'next/link';
import { AuthShell } from '@/components/auth/auth-shell';
import { AcceptInvitation } from '@/components/settings/accept-invitation';
import { TrpcProvider } from '@/components/trpc-provider';
import { previewInvitation } from '@/server/accounts/team';
import { auth } from '@/server/auth/config';
import { getDb } from '@/server/db/client';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Invitation', robots: { index: false, follow: false } };

const REASON = {
  expired: 'This invitation has expired.',
  used: 'This invitation was already used.',
  revoked: 'This invitation was withdrawn.',
} as const;

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, session] = await Promise.all([previewInvitation(await getDb(), token), auth()]);
  if (!invitation) {
    return (
      <AuthShell title="Invitation not found" subtitle="The link may be mistyped or incomplete.">
        <p className="text-sm text-slate-600">Ask the person who invited you for a new link.</p>
      </AuthShell>
    );
  }
  const role = invitation.role === 'member' ? 'a member' : `an ${invitation.role === 'admin' ? 'admin' : 'owner'}`;
  const subtitle = `${invitation.invitedBy ? `${invitation.invitedBy} invites` : 'You are invited'} ${invitation.email} to join as ${role}.`;
  const here = `/invite/${encodeURIComponent(token)}`;
  return (
    <AuthShell title={`Join ${invitation.accountName}`} subtitle={subtitle}>
      {invitation.unusable ? (
        <p className="text-sm text-slate-600" data-testid="invitation-unusable">
          {REASON[invitation.unusable]} Ask the person who invited you for a new link.
        </p>
      ) : session?.user ? (
        session.user.email?.toLowerCase() === invitation.email ? (
          <TrpcProvider accountId={null}>
            <AcceptInvitation token={token} accountName={invitation.accountName} />
          </TrpcProvider>
        ) : (
          <p className="text-sm text-slate-600" data-testid="invitation-wrong-user">
            You are signed in as {session.user.email}. Sign out, then sign in or create an account with {invitation.email} to accept.
          </p>
        )
      ) : (
        <div className="flex flex-wrap gap-3">
          <Link href={`/login?next=${encodeURIComponent(here)}`} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
            Sign in to accept
          </Link>
          <Link href={`/signup?next=${encodeURIComponent(here)}`} className="rounded-md px-4 py-2 text-sm font-medium text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50">
            Create an account
          </Link>
        </div>
      )}
    </AuthShell>
  );
}
