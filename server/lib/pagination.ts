/**
 * Page/limit pagination of the REST lists (videos, batches, projects): the
 * `pagination` object they answer beside `data`, as the seed's videos list.
 */
import { z } from 'zod';

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
