/** Settings → API keys. The secret is returned once, by `create`. */
import { createApiKeyInput, revokeApiKeyInput } from '../../api-keys/schemas';
import { createApiKey, listApiKeys, revokeApiKey } from '../../api-keys/service';
import { createTRPCRouter, protectedProcedure } from '../init';

export const apiKeysRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listApiKeys(ctx.db, { accountId: ctx.account.id })),
  create: protectedProcedure
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) =>
      createApiKey(ctx.db, { accountId: ctx.account.id, name: input.name, userId: ctx.user.id }),
    ),
  revoke: protectedProcedure
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { accountId: ctx.account.id, id: input.id })),
});
