/**
 * The list page's URL parameters (?status=&page=&limit=), parsed on the
 * server page and built by the client links. Not a client module, so the
 * server component can import the values.
 */
import type { VideoStatus } from './status';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

const STATUSES: readonly string[] = ['draft', 'processing', 'published', 'failed'];

function positiveInt(value: string | string[] | undefined, fallback: number, max: number): number {
  const n = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
}

/** Anything unparseable falls back to the first page of all videos. */
export function parseListParams(params: Record<string, string | string[] | undefined>): { status?: VideoStatus; page: number; limit: number } {
  const status = typeof params.status === 'string' && STATUSES.includes(params.status) ? (params.status as VideoStatus) : undefined;
  const limit = positiveInt(params.limit, DEFAULT_PAGE_SIZE, 100);
  return {
    status,
    page: positiveInt(params.page, 1, 1_000_000),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
  };
}

export function listHref(params: { status?: VideoStatus; page?: number; limit?: number }): string {
  const q = new URLSearchParams();
  if (params.status) q.set('status', params.status);
  if (params.page && params.page > 1) q.set('page', String(params.page));
  if (params.limit && params.limit !== DEFAULT_PAGE_SIZE) q.set('limit', String(params.limit));
  const s = q.toString();
  return s ? `/videos?${s}` : '/videos';
}
