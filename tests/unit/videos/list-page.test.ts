/**
 * Which end of the list index a page is read from (planVideoPage): the end
 * nearer to it, so the first and the last page cost the same at any size,
 * with the rows of the page exactly those newest-first order puts there.
 */
import { describe, expect, it } from 'vitest';
import { planVideoPage } from '@/server/videos/service';

/** The newest-first positions a plan covers, for a list of `total` rows. */
function positions(total: number, plan: NonNullable<ReturnType<typeof planVideoPage>>): number[] {
  // The query's LIMIT: rows past the end are simply not there.
  const read = Array.from({ length: Math.min(plan.limit, total - plan.offset) }, (_, i) => plan.offset + i);
  return plan.fromOldest ? read.map((p) => total - 1 - p).reverse() : read;
}

describe('planVideoPage', () => {
  it('reads early pages from the newest end and late pages from the oldest end', () => {
    expect(planVideoPage(1000, 1, 20)).toEqual({ offset: 0, limit: 20, fromOldest: false });
    expect(planVideoPage(1000, 50, 20)).toEqual({ offset: 0, limit: 20, fromOldest: true });
    expect(planVideoPage(1000, 49, 20)).toEqual({ offset: 20, limit: 20, fromOldest: true });
    // A short last page.
    expect(planVideoPage(1010, 51, 20)).toEqual({ offset: 0, limit: 10, fromOldest: true });
  });

  it('returns nothing past the end', () => {
    expect(planVideoPage(0, 1, 20)).toBeNull();
    expect(planVideoPage(40, 3, 20)).toBeNull();
  });

  it('covers exactly the positions of the page, whichever end it reads from', () => {
    for (const total of [1, 19, 20, 21, 99, 100, 101, 1000, 1001]) {
      for (const limit of [1, 7, 20, 100]) {
        const pages = Math.ceil(total / limit);
        for (let page = 1; page <= pages; page++) {
          const plan = planVideoPage(total, page, limit)!;
          const expected = Array.from({ length: Math.min(limit, total - (page - 1) * limit) }, (_, i) => (page - 1) * limit + i);
          expect(positions(total, plan), `total ${total}, limit ${limit}, page ${page}`).toEqual(expected);
          // The nearer end: never more than half the list skipped.
          expect(plan.offset).toBeLessThanOrEqual(Math.ceil(total / 2));
        }
      }
    }
  });
});
