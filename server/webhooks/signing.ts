/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): secrets are
 * `whsec_` + base64 of random bytes; each request carries `webhook-id`,
 * `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`,
 * a space-separated list of `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
 * one per active secret. During a rotation both the new and the previous
 * secret sign, so a receiver configured with either verifies the request.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** 24 random bytes (192 bits), as Svix's secrets: 32 base64 characters, no padding. */
export const SECRET_BYTES = 24;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The secrets that sign now: the current one, plus the previous one until its expiry. */
export function activeSecrets(
  endpoint: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null },
  now: Date = new Date(),
): string[] {
  const previousValid =
    endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > now.getTime();
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

/** The three Standard Webhooks headers for one attempt. */
export function signatureHeaders(params: {
  messageId: string;
  body: string;
  secrets: readonly string[];
  timestamp?: Date;
}): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  const timestamp = params.timestamp ?? new Date();
  const signature = params.secrets.map((secret) => new Webhook(secret).sign(params.messageId, timestamp, params.body)).join(' ');
  return {
    'webhook-id': params.messageId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
