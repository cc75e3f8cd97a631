/** The signed-in user, their accounts, and account management. */
import { createAccountInput, renameAccountInput } from '../../accounts/schemas';
import { createAccount, getUser, listAccountsForUser, renameAccount } from '../../accounts/service';
import { authedProcedure, createTRPCRouter, protectedProcedure } from '../init';

export const accountRouter = createTRPCRouter({
  me: authedProcedure.query(async ({ ctx }) => {
    const [user, accounts] = await Promise.all([
      getUser(ctx.db, ctx.user.id),
      listAccountsForUser(ctx.db, { userId: ctx.user.id }),
    ]);
    return { user, accounts };
  }),
  current: protectedProcedure.query(({ ctx }) => ctx.account),
  list: authedProcedure.query(({ ctx }) => listAccountsForUser(ctx.db, { userId: ctx.user.id })),
  create: authedProcedure
    .input(createAccountInput)
    .mutation(({ ctx, input }) => createAccount(ctx.db, { userId: ctx.user.id, name: input.name })),
  rename: protectedProcedure
    .input(renameAccountInput)
    .mutation(({ ctx, input }) =>
      renameAccount(ctx.db, { accountId: ctx.account.id, role: ctx.account.role, name: input.name }),
    ),
});
