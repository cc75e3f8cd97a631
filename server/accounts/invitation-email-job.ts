/**
 * The `invitation.email` job kind, in a light module so the team service can
 * queue it; the handler (invitation-email.ts, which loads nodemailer) is
 * registered in server/jobs/kinds.ts. The payload carries the invitation's
 * link sealed with the app secret (server/lib/secret-box.ts): the database
 * keeps only the token's hash, and a dump of the jobs table must not hand out
 * working links either.
 */
import { z } from 'zod';
import { defineJobKind } from '../jobs/registry';

export const INVITATION_LINK_PURPOSE = 'invitation-email-link';

export const invitationEmailJob = defineJobKind({
  kind: 'invitation.email',
  payload: z.object({ invitationId: z.string().min(1), link: z.string().min(1) }),
  // A mail server that is down for a while: 5 s, 10 s, 20 s, 40 s … up to 10 minutes apart, 6 attempts in all.
  maxAttempts: 6,
  backoff: { baseMs: 5_000, capMs: 10 * 60_000 },
});
