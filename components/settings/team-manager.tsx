'use client';
/**
 * Settings → Team: members with their roles, invitations by link (copied by
 * the inviter; no mail server needed, and also emailed when the server has
 * SMTP: the panel follows that email until it is sent or has failed),
 * removing members and leaving. The
 * server enforces every rule (server/accounts/team.ts); the page only hides
 * what the role may not do.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { useConfirm } from '@/components/ui/confirm';
import { CopyField } from '@/components/ui/copy-field';
import { FieldError, Input, Label } from '@/components/ui/input';
import { errorDetails } from '@/components/videos/errors';
import { ACCOUNT_COOKIE } from '@/lib/constants';

type Role = 'owner' | 'admin' | 'member';
const ROLE_LABEL: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

const selectClass =
  'block h-9 rounded-md border-0 bg-white px-2 text-sm text-slate-900 shadow-sm outline-none ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600';

function formatDate(d: Date) {
  return new Date(d).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export function TeamManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  // Pages of members by cursor (any team size), the next one on "Show more".
  const team = useInfiniteQuery(trpc.team.members.infiniteQueryOptions({ limit: 100 }, { getNextPageParam: (last) => last.nextCursor }));
  const members = team.data?.pages.flatMap((p) => p.members) ?? [];
  const total = team.data?.pages[0]?.total ?? 0;
  const me = team.data?.pages[0]?.me;
  const canManage = me ? me.role !== 'member' : false;
  const isOwner = me?.role === 'owner';
  const invitations = useQuery({ ...trpc.team.invitations.queryOptions(), enabled: canManage });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [link, setLink] = useState<{ email: string; url: string; emailJobId: string | null } | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.team.members.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.team.invitations.queryKey() }),
    ]);
  const onError = (title: string) => (err: { message: string }) => toast.error(title, { description: err.message });

  const invite = useMutation(
    trpc.team.invite.mutationOptions({
      onSuccess: ({ invitation, url, email: emailed }) => {
        setLink({ email: invitation.email, url, emailJobId: emailed?.jobId ?? null });
        setEmail('');
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.team.revokeInvitation.mutationOptions({ onSuccess: () => void refresh(), onError: onError('Could not revoke the invitation') }));
  const change = useMutation(
    trpc.team.changeRole.mutationOptions({ onSuccess: () => (toast.success('Role changed'), void refresh()), onError: onError('Could not change the role') }),
  );
  const remove = useMutation(
    trpc.team.remove.mutationOptions({ onSuccess: () => (toast.success('Member removed'), void refresh()), onError: onError('Could not remove the member') }),
  );
  const leave = useMutation(
    trpc.team.leave.mutationOptions({
      onSuccess: () => {
        document.cookie = `${ACCOUNT_COOKIE}=; path=/; max-age=0; samesite=lax`;
        window.location.assign('/dashboard');
      },
      onError: onError('Could not leave the account'),
    }),
  );
  const inviteIssues = new Map(errorDetails(invite.error).map((d) => [d.field, d.message]));

  if (!team.data) return <p className="text-slate-500">Loading…</p>;
  return (
    <div className="space-y-6">
      {canManage && (
        <Card>
          <CardHeader>
            <CardTitle>Invite someone</CardTitle>
          </CardHeader>
          <CardContent>
            <form
              className="flex flex-wrap items-end gap-3"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                invite.mutate({ email, role });
              }}
            >
              <div className="min-w-56 flex-1">
                <Label htmlFor="invite-email">Email</Label>
                <Input
                  id="invite-email"
                  type="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  placeholder="colleague@acme.com"
                  aria-invalid={inviteIssues.has('email') || undefined}
                  className="mt-1"
                />
              </div>
              <div>
                <Label htmlFor="invite-role">Role</Label>
                <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)} className={`mt-1 h-10 ${selectClass}`}>
                  <option value="member">Member</option>
                  <option value="admin">Admin</option>
                  {isOwner && <option value="owner">Owner</option>}
                </select>
              </div>
              <Button type="submit" disabled={invite.isPending || !email.trim()}>
                {me?.emailInvites ? 'Send invitation' : 'Create invite link'}
              </Button>
            </form>
            <FieldError message={inviteIssues.get('email') ?? (inviteIssues.size === 0 ? invite.error?.message : undefined)} />
            {link && (
              <div className="mt-5 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200" data-testid="invite-link">
                {link.emailJobId ? (
                  <InviteEmailStatus key={link.emailJobId} jobId={link.emailJobId} email={link.email} />
                ) : (
                  <p className="text-sm font-medium text-emerald-900">Send this link to {link.email}. It works once, for that email, for 7 days.</p>
                )}
                <CopyField className="mt-3" value={link.url} testId="invite-url" />
              </div>
            )}
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <p className="text-sm text-slate-500" data-testid="team-members-count">
            {members.length < total ? `Showing ${members.length} of ${total}` : `${total} ${total === 1 ? 'member' : 'members'}`}
          </p>
        </CardHeader>
        <ul className="divide-y divide-slate-100" data-testid="team-members">
          {members.map((m) => {
            const self = m.userId === me?.userId;
            const mayRemove = !self && canManage && (m.role === 'member' || isOwner);
            return (
              <li key={m.userId} className="flex flex-wrap items-center gap-3 px-4 py-3 sm:px-6">
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium text-slate-900">
                    {m.name ?? m.email} {self && <span className="font-normal text-slate-500">(you)</span>}
                  </p>
                  <p className="truncate text-sm text-slate-500">
                    {m.name ? `${m.email} · ` : ''}joined {formatDate(m.joinedAt)}
                  </p>
                </div>
                {isOwner && !self ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    disabled={change.isPending}
                    onChange={(e) => change.mutate({ userId: m.userId, role: e.target.value as Role })}
                    className={selectClass}
                  >
                    <option value="member">Member</option>
                    <option value="admin">Admin</option>
                    <option value="owner">Owner</option>
                  </select>
                ) : (
                  <span className="rounded bg-slate-100 px-2 py-1 text-xs font-medium text-slate-700">{ROLE_LABEL[m.role]}</span>
                )}
                {mayRemove && (
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-red-600 hover:bg-red-50"
                    onClick={async () => {
                      const ok = await confirm({
                        title: `Remove ${m.email}?`,
                        description: 'They lose access at once, and the API keys they created in this account are revoked.',
                        confirmLabel: 'Remove',
                        destructive: true,
                      });
                      if (ok) remove.mutate({ userId: m.userId });
                    }}
                  >
                    Remove
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
        {team.hasNextPage && (
          <div className="flex justify-center border-t border-slate-100 px-4 py-3">
            <Button variant="secondary" size="sm" onClick={() => void team.fetchNextPage()} disabled={team.isFetchingNextPage}>
              {team.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </Button>
          </div>
        )}
      </Card>

      {canManage && (invitations.data?.length ?? 0) > 0 && (
        <Card>
          <CardHeader>
            <CardTitle>Pending invitations</CardTitle>
          </CardHeader>
          <ul className="divide-y divide-slate-100">
            {invitations.data!.map((inv) => (
              <li key={inv.id} className="flex flex-wrap items-center gap-3 px-4 py-3 sm:px-6">
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium text-slate-900">{inv.email}</p>
                  <p className="text-sm text-slate-500">
                    {ROLE_LABEL[inv.role]} · expires {formatDate(inv.expiresAt)}
                  </p>
                </div>
                <Button variant="ghost" size="sm" onClick={() => revoke.mutate({ id: inv.id })} disabled={revoke.isPending}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Leave this account</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600">You lose access at once; the API keys you created here are revoked. An account keeps at least one owner.</p>
          <Button
            variant="secondary"
            className="text-red-600"
            disabled={leave.isPending}
            onClick={async () => {
              const ok = await confirm({ title: 'Leave this account?', confirmLabel: 'Leave', destructive: true });
              if (ok) leave.mutate();
            }}
          >
            Leave
          </Button>
        </CardContent>
      </Card>
    </div>
  );
}

/**
 * How the invitation email is going: asked every second while it is being sent (every few seconds while the
 * mail server is retried), then a toast once it is sent or has failed. The link stays offered either way.
 */
function InviteEmailStatus({ jobId, email }: { jobId: string; email: string }) {
  const trpc = useTRPC();
  const status = useQuery({
    ...trpc.team.invitationEmail.queryOptions({ jobId }),
    refetchInterval: (q) => {
      const state = q.state.data?.state;
      return state === 'sent' || state === 'failed' ? false : state === 'retrying' ? 3000 : 1000;
    },
  });
  const state = status.data?.state;
  useEffect(() => {
    if (state === 'sent') toast.success(`Invitation emailed to ${email}`);
    if (state === 'failed') toast.error(`The invitation email to ${email} could not be sent`, { description: 'Copy the link and send it yourself.' });
  }, [state, email]);
  const data = status.data;
  return (
    <div aria-live="polite" data-testid="invite-email-status" data-state={state ?? 'sending'}>
      {!data || data.state === 'sending' ? (
        <p className="text-sm font-medium text-emerald-900">Emailing the invitation to {email}… The link below works too: once, for that email, for 7 days.</p>
      ) : data.state === 'sent' ? (
        <p className="text-sm font-medium text-emerald-900">
          Emailed to {email}. You can also send them the link below: it works once, for that email, for 7 days.
        </p>
      ) : data.state === 'retrying' ? (
        <p className="text-sm font-medium text-amber-900">
          The email to {email} has not gone out yet ({data.error}); trying again, attempt {data.attempts + 1} of {data.maxAttempts}. Meanwhile you can send
          the link below yourself.
        </p>
      ) : (
        <p className="text-sm font-medium text-red-800">
          The email to {email} could not be sent: {data.error}. The invitation is ready: copy the link below and send it yourself.
        </p>
      )}
    </div>
  );
}
