/** Settings → API keys. The secret (or an OAuth 1.0a credential's four values) is returned once, by `create`. */
import { createApiKeyInput, revokeApiKeyInput } from '../../api-keys/schemas';
import { createApiKey, createOAuth1Credentials, listApiKeys, revokeApiKey } from '../../api-keys/service';
import { createTRPCRouter, protectedProcedure } from '../init';

export const apiKeysRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listApiKeys(ctx.db, { accountId: ctx.account.id })),
  create: protectedProcedure
    .input(createApiKeyInput)
    .mutation(async ({ ctx, input }) => {
      const params = { accountId: ctx.account.id, name: input.name, userId: ctx.user.id };
      if (input.kind === 'oauth1') {
        const { key, credentials } = await createOAuth1Credentials(ctx.db, params);
        return { key, secret: null, credentials };
      }
      const { key, secret } = await createApiKey(ctx.db, params);
      return { key, secret, credentials: null };
    }),
  revoke: protectedProcedure
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { accountId: ctx.account.id, id: input.id })),
});
