/**
 * Emails an invitation's link (the `invitation.email` job, queued with the
 * invitation when SMTP is configured) and reads how that went for Settings →
 * Team. The invitation never depends on the email: it is committed first and
 * its link is shown to copy either way; a mail server that is down makes the
 * job retry (invitation-email-job.ts), one that refuses the address fails it
 * at once with the server's reason.
 */
import { and, eq } from 'drizzle-orm';
import { getDb, type Db } from '../db/client';
import { accounts, invitations, users, type MembershipRole } from '../db/schema';
import { AppError } from '../lib/errors';
import { PermanentJobError, RetryableJobError } from '../jobs/errors';
import { enqueueJob, getJob } from '../jobs/queue';
import type { JobContext } from '../jobs/registry';
import { seal, unseal } from '../lib/secret-box';
import { MailError, mailConfigured, sendMail, type MailMessage } from '../mail/smtp';
import { INVITATION_LINK_PURPOSE, invitationEmailJob } from './invitation-email-job';
import { requireRole } from './roles';

const ROLE_WORDS = { owner: 'an owner', admin: 'an admin', member: 'a member' } as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The message: who invites, to which account, as what, the link, and until when. */
export function invitationMessage(params: {
  to: string;
  accountName: string;
  inviter: string | null;
  role: keyof typeof ROLE_WORDS;
  link: string;
  expiresAt: Date;
}): MailMessage {
  const who = params.inviter ?? 'A teammate';
  const subject = `${who} invited you to ${params.accountName} on Clipwright`;
  const until = params.expiresAt.toUTCString().replace(/ GMT$/, ' UTC');
  const text = [
    `${who} invited you to join ${params.accountName} on Clipwright as ${ROLE_WORDS[params.role]}.`,
    '',
    `Accept the invitation: ${params.link}`,
    '',
    `The link works once, for ${params.to}, until ${until}. If you did not expect it, ignore this email.`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;line-height:1.5">
<p>${escapeHtml(who)} invited you to join <strong>${escapeHtml(params.accountName)}</strong> on Clipwright as ${ROLE_WORDS[params.role]}.</p>
<p><a href="${escapeHtml(params.link)}" style="display:inline-block;background:#4f46e5;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Accept the invitation</a></p>
<p style="color:#475569;font-size:14px">Or open this link: ${escapeHtml(params.link)}<br>It works once, for ${escapeHtml(params.to)}, until ${escapeHtml(until)}. If you did not expect it, ignore this email.</p>
</body></html>`;
  return { to: params.to, subject, text, html };
}

/** Queues the email of a just-made invitation (in the transaction that makes it); null when SMTP is not configured. */
export async function queueInvitationEmail(tx: Db, params: { accountId: string; invitationId: string; link: string }): Promise<string | null> {
  if (!mailConfigured()) return null;
  const { job } = await enqueueJob(tx, {
    kind: invitationEmailJob,
    accountId: params.accountId,
    payload: { invitationId: params.invitationId, link: seal(params.link, INVITATION_LINK_PURPOSE) },
  });
  return job.id;
}

export async function handleInvitationEmail({ payload }: JobContext<{ invitationId: string; link: string }>) {
  const [row] = await (await getDb())
    .select({ invitation: invitations, accountName: accounts.name, inviterName: users.name, inviterEmail: users.email })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(eq(invitations.id, payload.invitationId))
    .limit(1);
  if (!row) throw new PermanentJobError('invitation_gone', 'The invitation no longer exists');
  const inv = row.invitation;
  if (inv.revokedAt) throw new PermanentJobError('invitation_revoked', 'The invitation was withdrawn before the email went out');
  if (inv.acceptedAt) throw new PermanentJobError('invitation_used', 'The invitation was accepted before the email went out');
  if (inv.expiresAt <= new Date()) throw new PermanentJobError('invitation_expired', 'The invitation expired before the email went out');
  const link = unseal(payload.link, INVITATION_LINK_PURPOSE);
  if (!link) throw new PermanentJobError('link_unreadable', 'The link could not be read back: the app secret (AUTH_SECRET) changed; copy the link instead');
  if (!mailConfigured()) throw new PermanentJobError('smtp_not_configured', 'SMTP_URL and SMTP_FROM are not set where the job worker runs');
  const message = invitationMessage({
    to: inv.email,
    accountName: row.accountName,
    inviter: row.inviterName ?? row.inviterEmail ?? null,
    role: inv.role,
    link,
    expiresAt: inv.expiresAt,
  });
  try {
    const { messageId } = await sendMail(message);
    return async () => ({ sentTo: inv.email, messageId });
  } catch (err) {
    if (err instanceof MailError && err.permanent) throw new PermanentJobError('mail_refused', err.message, { cause: err });
    throw new RetryableJobError((err as Error).message, { code: 'mail_unavailable', cause: err });
  }
}

export type InvitationEmailStatus =
  | { state: 'sending'; to: string }
  | { state: 'sent'; to: string }
  | { state: 'retrying'; to: string; error: string; attempts: number; maxAttempts: number; nextAttemptAt: Date }
  | { state: 'failed'; to: string; error: string };

/** How the email of one invitation of this account went (jobId from the invite answer). */
export async function invitationEmailStatus(
  db: Db,
  params: { accountId: string; role: MembershipRole; jobId: string },
): Promise<InvitationEmailStatus> {
  requireRole(params.role, 'admin', 'see invitations');
  const job = await getJob(db, params.jobId, { accountId: params.accountId });
  if (!job || job.kind !== invitationEmailJob.kind) throw AppError.notFound('Invitation email');
  const invitationId = (job.payload as { invitationId?: string }).invitationId ?? '';
  const [inv] = await db
    .select({ email: invitations.email })
    .from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.accountId, params.accountId)))
    .limit(1);
  const to = inv?.email ?? '';
  const error = job.lastError?.message ?? 'unknown error';
  switch (job.status) {
    case 'succeeded':
      return { state: 'sent', to };
    case 'failed':
    case 'cancelled':
      return { state: 'failed', to, error };
    case 'queued':
      if (job.attempts > 0) return { state: 'retrying', to, error, attempts: job.attempts, maxAttempts: job.maxAttempts, nextAttemptAt: job.runAt };
      return { state: 'sending', to };
    default:
      return { state: 'sending', to };
  }
}
