/** Personalized videos for the UI: the same services and schemas as /api/v1/videos. */
import { z } from 'zod';
import { dailyStats } from '../../analytics/service';
import { getBrandKit, withBrandCta, withBrandDefaults, writeScriptWithKit } from '../../brand/service';
import { aiConfigFromEnv } from '../../messaging/ai-writer';
import { FOCUS_POINT_OPTIONS, LENGTH_OPTIONS, MAX_FOCUS_POINTS, TONE_OPTIONS } from '../../messaging/schemas';
import { writeBuiltinScript } from '../../messaging/service';
import { listTemplates } from '../../templates/service';
import { createVideoInput, listVideosQuery, videoIdSchema } from '../../videos/schemas';
import { cancelVideo, createVideo, deleteVideo, getVideo, listVideos, retryVideo, submitVideo } from '../../videos/service';
import { createTRPCRouter, protectedProcedure } from '../init';

const ctxOut = (ctx: { origin: string }) => ({ origin: ctx.origin });
const scriptInput = z.object({
  template_id: z.string().min(1).max(100),
  customer_data: z.record(z.string(), z.unknown()),
  ai_messaging: z.unknown().optional(),
});

export const videosRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listVideosQuery)
    .query(({ ctx, input }) => listVideos(ctx.db, { accountId: ctx.account.id, query: input, ctx: ctxOut(ctx) })),
  get: protectedProcedure
    .input(z.object({ id: videoIdSchema }))
    .query(({ ctx, input }) => getVideo(ctx.db, { accountId: ctx.account.id, id: input.id, ctx: ctxOut(ctx) })),
  stats: protectedProcedure
    .input(z.object({ id: videoIdSchema, days: z.number().int().min(1).max(365).default(30) }))
    .query(({ ctx, input }) => dailyStats(ctx.db, { accountId: ctx.account.id, videoId: input.id, days: input.days })),
  create: protectedProcedure.input(createVideoInput).mutation(async ({ ctx, input }) => {
    const result = await createVideo(ctx.db, { accountId: ctx.account.id, input, ctx: ctxOut(ctx) });
    return result.body as { id: string; status: string; estimated_completion: string | null };
  }),
  submit: protectedProcedure
    .input(z.object({ id: videoIdSchema }))
    .mutation(({ ctx, input }) => submitVideo(ctx.db, { accountId: ctx.account.id, id: input.id, ctx: ctxOut(ctx) })),
  retry: protectedProcedure
    .input(z.object({ id: videoIdSchema }))
    .mutation(({ ctx, input }) => retryVideo(ctx.db, { accountId: ctx.account.id, id: input.id, ctx: ctxOut(ctx) })),
  cancel: protectedProcedure
    .input(z.object({ id: videoIdSchema }))
    .mutation(({ ctx, input }) => cancelVideo(ctx.db, { accountId: ctx.account.id, id: input.id, ctx: ctxOut(ctx) })),
  delete: protectedProcedure
    .input(z.object({ id: videoIdSchema }))
    .mutation(({ ctx, input }) => deleteVideo(ctx.db, { accountId: ctx.account.id, id: input.id })),
  templates: protectedProcedure.query(({ ctx }) => listTemplates({ origin: ctx.origin })),
  messagingOptions: protectedProcedure.query(() => ({
    tones: TONE_OPTIONS,
    lengths: LENGTH_OPTIONS,
    focusPoints: FOCUS_POINT_OPTIONS,
  })),
  /**
   * Which writer a render would use. With an AI endpoint the create form must
   * ask for the script itself (writeScript) and send it, or the video would
   * say something other than what was previewed.
   */
  writerInfo: protectedProcedure.query(() => ({
    writer: aiConfigFromEnv() ? ('ai' as const) : ('builtin' as const),
    maxFocusPoints: MAX_FOCUS_POINTS,
  })),
  /**
   * The built-in writer's script for the live preview: what the render uses when no AI endpoint is set,
   * with the account's brand kit applied as the render applies it.
   */
  previewScript: protectedProcedure.input(scriptInput).query(async ({ ctx, input }) => {
    const kit = await getBrandKit(ctx.db, ctx.account.id);
    const script = writeBuiltinScript({ templateId: input.template_id, customerData: withBrandDefaults(input.customer_data, kit), aiMessaging: input.ai_messaging });
    return withBrandCta(script, kit);
  }),
  /** The configured writer (AI endpoint when set): the UI sends its result back with `create` so the render says the same. */
  writeScript: protectedProcedure.input(scriptInput).mutation(async ({ ctx, input }) => {
    const kit = await getBrandKit(ctx.db, ctx.account.id);
    return writeScriptWithKit(kit, { templateId: input.template_id, customerData: input.customer_data, aiMessaging: input.ai_messaging });
  }),
});
