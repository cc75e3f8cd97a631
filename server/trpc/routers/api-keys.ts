/** Settings → API keys. The secret (or an OAuth 1.0a credential's four values) is returned once, by `create`. */
import { createApiKeyInput, revokeApiKeyInput } from '../../api-keys/schemas';
import { createApiKey, createOAuth1Credentials, listApiKeys, revokeApiKey } from '../../api-keys/service';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../init';

const manageKeys = adminProcedure('manage API keys');

export const apiKeysRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listApiKeys(ctx.db, { accountId: ctx.account.id })),
  create: manageKeys
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
  revoke: manageKeys
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { accountId: ctx.account.id, id: input.id })),
});
