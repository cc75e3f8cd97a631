/**
 * Public identifiers. Every id is random (not guessable, not sequential) and
 * carries a prefix that says what it names, as in the seeds: `vid_12345abcde`,
 * `proj_…`, and account ids shaped like the X Ads `18ce54d4x5t`.
 */
import { randomBytes, randomInt } from 'node:crypto';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Unbiased random string over an alphabet (rejection sampling via randomInt). */
export function randomString(length: number, alphabet: string = BASE36): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const newAccountId = () => randomString(11);
export const newUserId = () => `usr_${randomString(16)}`;
export const newProjectId = () => `proj_${randomString(10)}`;
export const newApiKeyId = () => `key_${randomString(16)}`;
export const newVideoId = () => `vid_${randomString(10)}`;

/** API key secret: `cwk_` + 40 base62 chars, about 238 bits of entropy. */
export const newApiKeySecret = () => `cwk_${randomString(40, BASE62)}`;
/** OAuth 1.0a credentials, as long as X's: a 25-character consumer key, 50-character secrets, `<n>-<40>` access tokens. */
export const newOAuthConsumerKey = () => randomString(25, BASE62);
export const newOAuthSecret = () => randomString(50, BASE62);
export const newOAuthAccessToken = () => `${Date.now()}-${randomString(40, BASE62)}`;

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
