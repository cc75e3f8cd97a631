/**
 * Prepared queries for the hot read paths (the key lookup, one video by id,
 * the list's counter and page). Drizzle builds a query's SQL from its
 * object tree on every call, which under load costs about as much as the
 * database round trip; a prepared query builds it once per handle and
 * binds only the values (`sql.placeholder`). Cached per database handle, so
 * tests that open several handles each get their own.
 */
import type { Db } from './client';

const perHandle = new WeakMap<Db, Map<string, unknown>>();

/** The query `build` returns for this handle, built on first use under `name` and reused after. */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let queries = perHandle.get(db);
  if (!queries) perHandle.set(db, (queries = new Map()));
  let query = queries.get(name) as T | undefined;
  if (!query) queries.set(name, (query = build(db)));
  return query;
}
