/**
 * Invitations by email against a real SMTP server (smtp-server, on a free
 * port): with SMTP_URL and SMTP_FROM set, inviting queues an email that the
 * job worker sends after the invitation committed (to, subject, the link);
 * a mail server that is down fails the email, never the invitation, and the
 * job retries until the server is back; one that refuses the address fails
 * it with the server's reason; without SMTP nothing is queued.
 */
import { createServer, type AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handleInvitationEmail } from '@/server/accounts/invitation-email';
import { invitationEmailJob } from '@/server/accounts/invitation-email-job';
import { previewInvitation } from '@/server/accounts/team';
import type { Db } from '@/server/db/client';
import { jobs } from '@/server/db/schema';
import { resetEnvCache } from '@/server/env';
import { JobRegistry } from '@/server/jobs/registry';
import { testDb } from '../../helpers/db';
import { callerFor, createUser } from '../../helpers/factories';
import { useTestWorkers, waitFor } from '../../helpers/jobs-fixtures';

let db: Db;
const startWorker = useTestWorkers();
const registry = () => new JobRegistry().register(invitationEmailJob, { handle: handleInvitationEmail });

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server that keeps what it receives; `refuse` answers RCPT TO with 550 for these addresses. */
async function startSmtp(port = 0, refuse: string[] = []) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.includes(address.address)) {
        const err = new Error('5.1.1 No such mailbox here') as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return { received, port: address.port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A port nothing listens on (for a mail server that is down). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function useSmtp(url: string | undefined) {
  if (url) {
    process.env.SMTP_URL = url;
    process.env.SMTP_FROM = 'Clipwright <videos@clipwright.test>';
  } else {
    delete process.env.SMTP_URL;
    delete process.env.SMTP_FROM;
  }
  resetEnvCache();
}

/** A message's header (unfolded) and its text part, quoted-printable decoded. */
function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1] ?? '';
}
function decoded(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

beforeAll(async () => {
  db = (await testDb()).db;
});
afterEach(() => useSmtp(undefined));
afterAll(() => useSmtp(undefined));

describe('invitation emails over SMTP', () => {
  it('emails the link after the invitation commits: to the invited address, with who invites, the account and the link', async () => {
    const smtp = await startSmtp();
    try {
      useSmtp(`smtp://127.0.0.1:${smtp.port}`);
      const owner = await createUser(db, { accountName: 'Acme Customer Success' });
      await db.execute(sql`update users set name = 'Sarah Johnson' where id = ${owner.user.id}`);
      const { url, invitation, email } = await callerFor(db, owner.user).team.invite({ email: 'new.teammate@example.com', role: 'admin' });
      expect(email?.jobId).toMatch(/^job_/);
      // The link is stored only sealed: neither the token nor the link is readable in the job row.
      const [job] = await db.select().from(jobs).where(eq(jobs.id, email!.jobId));
      expect(JSON.stringify(job!.payload)).not.toContain(url.split('/invite/')[1]);

      startWorker({ db, registry: registry() });
      const [message] = await waitFor('the email', () => {
        const mine = smtp.received.filter((m) => m.to.includes('new.teammate@example.com'));
        return mine.length > 0 && mine;
      });
      expect(message!.to).toEqual(['new.teammate@example.com']);
      expect(message!.from).toBe('videos@clipwright.test');
      expect(header(message!.raw, 'To')).toBe('new.teammate@example.com');
      expect(header(message!.raw, 'Subject')).toBe('Sarah Johnson invited you to Acme Customer Success on Clipwright');
      const body = decoded(message!.raw);
      expect(body).toContain(`Accept the invitation: ${url}`);
      expect(body).toContain(`href="${url}"`);
      expect(body).toContain('as an admin');

      const status = await waitFor('sent', async () => {
        const s = await callerFor(db, owner.user).team.invitationEmail({ jobId: email!.jobId });
        return s.state === 'sent' && s;
      });
      expect(status).toEqual({ state: 'sent', to: 'new.teammate@example.com' });
      // The link still works (the email is a copy of it, not a replacement).
      expect((await previewInvitation(db, url.split('/invite/')[1]!))?.unusable).toBeNull();
      expect(invitation.email).toBe('new.teammate@example.com');
    } finally {
      await smtp.close();
    }
  });

  it('keeps the invitation when the mail server is down, says why, and sends once the server is back', async () => {
    const port = await closedPort();
    useSmtp(`smtp://127.0.0.1:${port}`);
    const owner = await createUser(db, { accountName: 'Down Inc' });
    const { url, email } = await callerFor(db, owner.user).team.invite({ email: 'patient@example.com', role: 'member' });
    expect(email?.jobId).toBeTruthy();
    expect((await previewInvitation(db, url.split('/invite/')[1]!))?.unusable).toBeNull();

    startWorker({ db, registry: registry() });
    const retrying = await waitFor('a failed attempt', async () => {
      const s = await callerFor(db, owner.user).team.invitationEmail({ jobId: email!.jobId });
      return s.state === 'retrying' && s;
    });
    expect(retrying).toMatchObject({ to: 'patient@example.com', attempts: 1, maxAttempts: invitationEmailJob.maxAttempts });
    expect(retrying.state === 'retrying' && retrying.error).toMatch(new RegExp(`^Could not reach the mail server 127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED`));
    expect(await callerFor(db, owner.user).team.invitations()).toEqual([expect.objectContaining({ email: 'patient@example.com' })]);

    // The server comes up on that port; the next attempt (5 s later) delivers.
    const smtp = await startSmtp(port);
    try {
      const [retried] = await waitFor('the retried email', () => smtp.received.length > 0 && smtp.received, { timeoutMs: 30_000 });
      expect(retried!.to).toEqual(['patient@example.com']);
      expect(decoded(retried!.raw)).toContain(url);
      await waitFor('sent', async () => (await callerFor(db, owner.user).team.invitationEmail({ jobId: email!.jobId })).state === 'sent');
    } finally {
      await smtp.close();
    }
  });

  it('fails the email at once when the server refuses the address, with the server’s answer', async () => {
    const smtp = await startSmtp(0, ['nobody@example.com']);
    try {
      useSmtp(`smtp://127.0.0.1:${smtp.port}`);
      const owner = await createUser(db, { accountName: 'Refused Ltd' });
      const { email } = await callerFor(db, owner.user).team.invite({ email: 'nobody@example.com', role: 'member' });
      startWorker({ db, registry: registry() });
      const failed = await waitFor('failed', async () => {
        const s = await callerFor(db, owner.user).team.invitationEmail({ jobId: email!.jobId });
        return s.state === 'failed' && s;
      });
      expect(failed.state === 'failed' && failed.error).toMatch(/550.*No such mailbox/);
      const [job] = await db.select().from(jobs).where(eq(jobs.id, email!.jobId));
      expect(job!.attempts).toBe(1);
      expect(smtp.received.filter((m) => m.to.includes('nobody@example.com'))).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it('does not send a withdrawn invitation', async () => {
    const smtp = await startSmtp();
    try {
      useSmtp(`smtp://127.0.0.1:${smtp.port}`);
      const owner = await createUser(db, { accountName: 'Changed Mind' });
      const { invitation, email } = await callerFor(db, owner.user).team.invite({ email: 'maybe@example.com', role: 'member' });
      await callerFor(db, owner.user).team.revokeInvitation({ id: invitation.id });
      startWorker({ db, registry: registry() });
      const failed = await waitFor('failed', async () => {
        const s = await callerFor(db, owner.user).team.invitationEmail({ jobId: email!.jobId });
        return s.state === 'failed' && s;
      });
      expect(failed).toMatchObject({ error: 'The invitation was withdrawn before the email went out' });
      expect(smtp.received.filter((m) => m.to.includes('maybe@example.com'))).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it('queues nothing without SMTP, and another account cannot read an email’s status', async () => {
    useSmtp(undefined);
    const owner = await createUser(db, { accountName: 'Links Only' });
    const { email, invitation } = await callerFor(db, owner.user).team.invite({ email: 'linkonly@example.com', role: 'member' });
    expect(email).toBeNull();
    const queued = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.kind, invitationEmailJob.kind), sql`${jobs.payload}->>'invitationId' = ${invitation.id}`));
    expect(queued).toEqual([]);

    const smtp = await startSmtp();
    try {
      useSmtp(`smtp://127.0.0.1:${smtp.port}`);
      const { email: other } = await callerFor(db, owner.user).team.invite({ email: 'second@example.com', role: 'member' });
      const stranger = await createUser(db);
      await expect(callerFor(db, stranger.user).team.invitationEmail({ jobId: other!.jobId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await smtp.close();
    }
  });
});
