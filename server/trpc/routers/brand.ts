/** Settings → Brand: the account's brand kit (server/brand). */
import { brandKitInput } from '../../brand/schemas';
import { getBrandKit, updateBrandKit } from '../../brand/service';
import { createTRPCRouter, protectedProcedure } from '../init';

export const brandRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => getBrandKit(ctx.db, ctx.account.id)),
  update: protectedProcedure
    .input(brandKitInput.partial())
    .mutation(({ ctx, input }) => updateBrandKit(ctx.db, ctx.account.id, ctx.account.role, input)),
});
