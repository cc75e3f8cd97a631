/**
 * The video library for the web UI: the same services and parameter schemas
 * as `/api/ads/3/accounts/{account_id}/videos`, plus processing details.
 * Bytes are uploaded through `/api/ads/1.1/media/upload` with the session
 * (see components/library/upload.ts); tRPC cannot stream them.
 */
import { z } from 'zod';
import { listVideosParams, updateVideoParams, createVideoParams } from '../../library/schemas';
import {
  associateVideo,
  deleteLibraryVideo,
  getLibraryVideoDetails,
  listLibraryVideoDetails,
  updateLibraryVideo,
} from '../../library/service';
import { createTRPCRouter, protectedProcedure } from '../init';

// The library services throw AppErrors naming the parameter, as every service does.
const libraryProcedure = protectedProcedure;

// The UI receives root-relative file URLs (/files/…), which work on any host it is served from.
const origin = '';

export const libraryRouter = createTRPCRouter({
  list: libraryProcedure
    .input(z.object({ count: z.number().int().min(1).max(50).default(24), cursor: z.string().nullish(), withDeleted: z.boolean().default(false) }))
    .query(({ ctx, input }) =>
      listLibraryVideoDetails(ctx.db, {
        accountId: ctx.account.id,
        origin,
        ...listVideosParams.parse({ count: input.count, cursor: input.cursor ?? undefined, with_deleted: input.withDeleted }),
      }),
    ),
  get: libraryProcedure
    .input(z.object({ id: z.string() }))
    .query(({ ctx, input }) => getLibraryVideoDetails(ctx.db, { accountId: ctx.account.id, videoId: input.id, withDeleted: true, origin })),
  /** Adds a finalized upload (or restores a deleted video) by media id. */
  associate: libraryProcedure
    .input(z.object({ mediaId: z.string(), title: z.string().optional(), description: z.string().optional() }))
    .mutation(({ ctx, input }) =>
      associateVideo(ctx.db, {
        accountId: ctx.account.id,
        ...createVideoParams.parse({ video_media_id: input.mediaId, title: input.title, description: input.description }),
      }),
    ),
  update: libraryProcedure
    .input(z.object({ id: z.string(), title: z.string().optional(), description: z.string().optional(), posterImageMediaId: z.string().optional() }))
    .mutation(({ ctx, input }) =>
      updateLibraryVideo(ctx.db, {
        accountId: ctx.account.id,
        videoId: input.id,
        origin,
        ...updateVideoParams.parse({ title: input.title, description: input.description, poster_image_media_id: input.posterImageMediaId }),
      }),
    ),
  delete: libraryProcedure
    .input(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteLibraryVideo(ctx.db, { accountId: ctx.account.id, videoId: input.id, origin })),
});
