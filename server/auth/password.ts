/** Password hashing with argon2id (OWASP's recommended parameters, the library defaults). */
import { hash, verify } from '@node-rs/argon2';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash to verify against when the email is unknown, so that response
// time does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export function burnPasswordCheck(password: string): Promise<boolean> {
  dummyHash ??= hash('not-a-real-password-0123456789');
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}
