/**
 * Page/limit pagination of the REST lists (videos, batches, projects): the
 * `pagination` object they answer beside `data`, as the seed's videos list.
 */
import { z } from 'zod';

/** `page` (1-based) and `limit` (1–100) query parameters, with the lists' own messages; `defaultLimit` when left out. */
export function pageQuery(defaultLimit: number) {
  return z.object({
    page: z.coerce
      .number({ error: 'must be an integer ≥ 1' })
      .int('must be an integer ≥ 1')
      .min(1, 'must be an integer ≥ 1')
      .max(1_000_000, 'must be at most 1000000')
      .default(1),
    limit: z.coerce
      .number({ error: 'must be an integer between 1 and 100' })
      .int('must be an integer between 1 and 100')
      .min(1, 'must be an integer between 1 and 100')
      .max(100, 'must be an integer between 1 and 100')
      .default(defaultLimit),
  });
}

export const paginationSchema = z.object({
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  next_page: z.number().int().nullable(),
  prev_page: z.number().int().nullable(),
});
export type Pagination = z.infer<typeof paginationSchema>;

/** The pagination object of page `page` (1-based) of `total` rows, `limit` a page; a page past the end points back to the last. */
export function paginationOf(total: number, page: number, limit: number): Pagination {
  const lastPage = Math.max(1, Math.ceil(total / limit));
  return {
    total,
    page,
    limit,
    next_page: page < lastPage ? page + 1 : null,
    prev_page: page > 1 ? Math.min(page - 1, lastPage) : null,
  };
}
