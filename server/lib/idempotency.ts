/**
 * `Idempotency-Key` for creates (videos, batches): the first response is
 * stored in the same transaction as what it created; a repeat with the same
 * body gets it back and creates nothing, a repeat with another body is
 * refused (409). Concurrent repeats wait on the key's row. Keys are per
 * account, one namespace for every create.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { idempotencyKeys } from '../db/schema';
import { AppError } from './errors';

/** The header's value, checked (1–255 visible ASCII characters), or null when absent. */
export function idempotencyKeyOf(req: Request): string | null {
  const key = req.headers.get('idempotency-key');
  if (key !== null && !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new AppError('bad_request', 'Idempotency-Key must be 1-255 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' },
    ]);
  }
  return key;
}

export interface IdempotentResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

/**
 * Runs `create` in `tx` under the key (or plainly without one): a stored
 * response is replayed instead, and a new one is stored before the commit.
 */
export async function withIdempotency(
  tx: Db,
  params: { accountId: string; key: string | null | undefined; requestHash: string | null },
  create: () => Promise<{ status: number; body: unknown }>,
): Promise<IdempotentResult> {
  const { accountId, key, requestHash } = params;
  if (!key || !requestHash) return { ...(await create()), replayed: false };
  const [claimed] = await tx
    .insert(idempotencyKeys)
    .values({ accountId, key, requestHash, statusCode: 0, responseBody: {} })
    .onConflictDoNothing()
    .returning();
  const where = and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key));
  if (!claimed) {
    const [existing] = await tx.select().from(idempotencyKeys).where(where).limit(1);
    if (!existing) throw new AppError('conflict', 'Idempotency key is being used by a concurrent request; retry');
    if (existing.requestHash !== requestHash) {
      throw new AppError('idempotency_conflict', 'This Idempotency-Key was already used with a different request body', [
        { field: 'Idempotency-Key', message: 'reused with a different body' },
      ]);
    }
    return { status: existing.statusCode, body: existing.responseBody, replayed: true };
  }
  const result = await create();
  await tx.update(idempotencyKeys).set({ statusCode: result.status, responseBody: result.body }).where(where);
  return { ...result, replayed: false };
}
