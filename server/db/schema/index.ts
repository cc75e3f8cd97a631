/**
 * Registry of every domain's tables: drizzle-kit and the db client read this.
 *
 * Indexes that serve a list (STYLE.md, habit 13): every list query reads its
 * page from an index in the order it returns, proven by
 * tests/integration/db/list-indexes.test.ts (EXPLAIN on Postgres with enough
 * rows: no sequential scan, no sort). The pitfall: drizzle's `.desc()` in an
 * index emits `DESC NULLS LAST`, while `ORDER BY x DESC` means `DESC NULLS
 * FIRST`, so such an index cannot serve the order and Postgres scans and
 * sorts every row of the account. List indexes are therefore declared
 * ascending (`ASC NULLS LAST`), which Postgres walks backwards for `ORDER BY
 * … DESC` (= `DESC NULLS FIRST`), and they end with the tie-breaker column
 * the query orders by.
 */
export * from './users';
export * from './accounts';
export * from './brand';
export * from './api-keys';
export * from './projects';
export * from './jobs';
export * from './media';
export * from './batches';
export * from './videos';
export * from './analytics';
export * from './rate-limits';
export * from './webhooks';
export * from './storage';
