/**
 * Outgoing email over the operator's SMTP server (SMTP_URL, SMTP_FROM), used
 * for invitation links. Optional: without SMTP_URL nothing is sent and every
 * feature works by copying links. Sending happens in background jobs (never
 * inside a request's transaction), so a slow or unreachable mail server
 * delays an email, not the page.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { getEnv } from '../env';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Whether this process may send email (the web process asks before queueing a send). */
export function mailConfigured(): boolean {
  const env = getEnv();
  return Boolean(env.SMTP_URL && env.SMTP_FROM);
}

let cached: { url: string; transport: Transporter } | undefined;

function transport(): Transporter {
  const env = getEnv();
  if (!env.SMTP_URL || !env.SMTP_FROM) throw new Error('SMTP_URL and SMTP_FROM are not set');
  if (cached?.url !== env.SMTP_URL) {
    cached?.transport.close();
    cached = {
      url: env.SMTP_URL,
      transport: nodemailer.createTransport({
        url: env.SMTP_URL,
        // An unreachable or stalled server fails the attempt (the job retries) instead of holding a worker.
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 30_000,
      } as nodemailer.TransportOptions),
    };
  }
  return cached.transport;
}

/** An SMTP failure: `permanent` when the server refused for good (5xx: bad mailbox, relay denied). */
export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MailError';
  }
}

/** Sends one message; throws MailError with the server's reason (never the SMTP password). */
export async function sendMail(message: MailMessage): Promise<{ messageId: string }> {
  const env = getEnv();
  try {
    const info = await transport().sendMail({ from: env.SMTP_FROM, ...message });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length) throw new MailError(`The mail server refused ${rejected.join(', ')}`, true);
    return { messageId: String(info.messageId) };
  } catch (err) {
    if (err instanceof MailError) throw err;
    const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
    const host = safeHost(env.SMTP_URL);
    if (e.responseCode) {
      throw new MailError(`The mail server ${host} answered ${e.response ?? e.responseCode}`, e.responseCode >= 500, { cause: err });
    }
    throw new MailError(`Could not reach the mail server ${host} (${e.message ?? String(err)})`, false, { cause: err });
  }
}

/** host:port of SMTP_URL, without the credentials, for messages users see. */
function safeHost(url: string | undefined): string {
  try {
    const u = new URL(url ?? '');
    return u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    return '(SMTP_URL)';
  }
}
