/**
 * The background jobs route's credentials: `Authorization: Bearer <CRON_SECRET>`,
 * as Vercel Cron sends it when the project has a CRON_SECRET variable. Compared
 * in constant time (both sides hashed first, so lengths leak nothing either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '../env';
import { AppError } from '../lib/errors';
import { bearerToken } from './with-api-key';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Whether `presented` is the configured secret; false when none is configured. */
export function isCronSecret(presented: string | null, configured: string | undefined = getEnv().CRON_SECRET): boolean {
  if (!configured || presented === null) return false;
  return timingSafeEqual(digest(presented), digest(configured));
}

/** Throws a 401 AppError unless the request carries the CRON_SECRET; says which part is wrong. */
export function requireCronSecret(req: Request): void {
  const headers = { 'WWW-Authenticate': 'Bearer' };
  if (!getEnv().CRON_SECRET) {
    throw new AppError('unauthorized', 'The background jobs route is disabled: set CRON_SECRET on the server to enable it', undefined, headers);
  }
  const token = bearerToken(req);
  if (token === null) {
    throw new AppError('unauthorized', 'Missing credentials: send "Authorization: Bearer <CRON_SECRET>"', undefined, headers);
  }
  if (!isCronSecret(token)) throw new AppError('unauthorized', 'Invalid credentials for the background jobs route', undefined, headers);
}
