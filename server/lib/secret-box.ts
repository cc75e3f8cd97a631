/**
 * Secrets the server must read back (OAuth 1.0a's HMAC key is the consumer
 * secret and the token secret themselves, so they cannot be stored as a hash),
 * sealed with AES-256-GCM under a key derived from the app secret
 * (AUTH_SECRET, or the one generated in DATA_DIR). A database dump alone does
 * not reveal them. Changing the app secret makes sealed values unreadable:
 * the credentials must be created again (README, "API keys").
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { authSecret } from '../env';

const VERSION = 'v1';

const keys = new Map<string, { secret: string; key: Buffer }>();

function keyFor(purpose: string): Buffer {
  const secret = authSecret();
  const cached = keys.get(purpose);
  if (cached?.secret === secret) return cached.key;
  const key = Buffer.from(hkdfSync('sha256', secret, 'clipwright secret-box', purpose, 32));
  keys.set(purpose, { secret, key });
  return key;
}

/** `v1.<iv>.<ciphertext>.<tag>`, base64url; `purpose` binds it to one use (it is the HKDF info). */
export function seal(plaintext: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The plaintext, or null when the value is not one this app secret sealed for this purpose. */
export function unseal(sealed: string, purpose: string): string | null {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || !iv || body === undefined || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
