/** Batches for the UI (CSV import): the same services and schemas as /api/v1/batches. */
import { z } from 'zod';
import { batchIdSchema, createBatchInput, listBatchesQuery } from '../../batches/schemas';
import { cancelBatch, checkBatch, createBatch, getBatch, listBatches, retryBatch } from '../../batches/service';
import { createTRPCRouter, protectedProcedure } from '../init';

const ctxOut = (ctx: { origin: string }) => ({ origin: ctx.origin });

export const batchesRouter = createTRPCRouter({
  list: protectedProcedure.input(listBatchesQuery).query(({ ctx, input }) => listBatches(ctx.db, { accountId: ctx.account.id, query: input })),
  get: protectedProcedure
    .input(z.object({ id: batchIdSchema }))
    .query(({ ctx, input }) => getBatch(ctx.db, { accountId: ctx.account.id, id: input.id, ctx: ctxOut(ctx) })),
  /** Every row's errors before anything is created (the CSV import's check step). */
  check: protectedProcedure.input(createBatchInput).mutation(async ({ ctx, input }) => {
    const check = await checkBatch(ctx.db, ctx.account.id, input);
    return {
      valid: check.valid,
      invalid: check.invalid,
      rows: check.items.map((c) => (c.ok ? { row: c.row, title: c.title, errors: [] } : { row: c.row, title: c.title, errors: c.errors })),
    };
  }),
  create: protectedProcedure
    .input(createBatchInput.extend({ file_name: z.string().trim().max(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      const { file_name, ...batch } = input;
      const result = await createBatch(ctx.db, {
        accountId: ctx.account.id,
        input: batch,
        source: file_name ? `csv:${file_name}` : 'csv',
        ctx: ctxOut(ctx),
      });
      return result.body as { id: string };
    }),
  cancel: protectedProcedure
    .input(z.object({ id: batchIdSchema }))
    .mutation(({ ctx, input }) => cancelBatch(ctx.db, { accountId: ctx.account.id, id: input.id, ctx: ctxOut(ctx) })),
  retry: protectedProcedure
    .input(z.object({ id: batchIdSchema }))
    .mutation(({ ctx, input }) => retryBatch(ctx.db, { accountId: ctx.account.id, id: input.id, ctx: ctxOut(ctx) })),
});
