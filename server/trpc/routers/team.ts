/** Settings → Team: members, roles, invitations by link (server/accounts/team.ts). */
import { z } from 'zod';
import {
  acceptInvitation,
  changeRole,
  inviteMember,
  leaveAccount,
  listInvitations,
  listMembers,
  MEMBERS_PAGE_DEFAULT,
  MEMBERS_PAGE_MAX,
  removeMember,
  revokeInvitation,
} from '../../accounts/team';
import { invitationEmailStatus } from '../../accounts/invitation-email';
import { mailConfigured } from '../../mail/smtp';
import { authedProcedure, createTRPCRouter, protectedProcedure } from '../init';

const role = z.enum(['owner', 'admin', 'member']);
const userId = z.string().min(1).max(64);

export const teamRouter = createTRPCRouter({
  /** A page of members, oldest first; `cursor` is the previous page's `nextCursor` (an infinite query in the UI). */
  members: protectedProcedure
    .input(
      z
        .object({
          cursor: z.string().max(200).nullish(),
          limit: z.number().int().min(1).max(MEMBERS_PAGE_MAX).default(MEMBERS_PAGE_DEFAULT),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => ({
      ...(await listMembers(ctx.db, { accountId: ctx.account.id, limit: input?.limit, cursor: input?.cursor })),
      me: { userId: ctx.user.id, role: ctx.account.role, emailInvites: mailConfigured() },
    })),
  invitations: protectedProcedure.query(({ ctx }) => listInvitations(ctx.db, ctx.account.id, ctx.account.role)),
  invite: protectedProcedure
    .input(z.object({ email: z.string().trim().toLowerCase().email('must be an email address').max(254), role }))
    .mutation(({ ctx, input }) =>
      inviteMember(ctx.db, { accountId: ctx.account.id, role: ctx.account.role, userId: ctx.user.id, email: input.email, inviteRole: input.role, origin: ctx.origin }),
    ),
  /** How the email of an invitation went (`email.jobId` of the invite answer): sending, sent, retrying or failed. */
  invitationEmail: protectedProcedure
    .input(z.object({ jobId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => invitationEmailStatus(ctx.db, { accountId: ctx.account.id, role: ctx.account.role, jobId: input.jobId })),
  revokeInvitation: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, { accountId: ctx.account.id, role: ctx.account.role, id: input.id })),
  changeRole: protectedProcedure
    .input(z.object({ userId, role }))
    .mutation(({ ctx, input }) =>
      changeRole(ctx.db, { accountId: ctx.account.id, role: ctx.account.role, actorId: ctx.user.id, userId: input.userId, newRole: input.role }),
    ),
  remove: protectedProcedure
    .input(z.object({ userId }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, { accountId: ctx.account.id, role: ctx.account.role, actorId: ctx.user.id, userId: input.userId })),
  leave: protectedProcedure.mutation(({ ctx }) => leaveAccount(ctx.db, { accountId: ctx.account.id, userId: ctx.user.id })),
  /** Accepting needs a signed-in user, not a membership (the invitation gives it). */
  accept: authedProcedure
    .input(z.object({ token: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.db, { userId: ctx.user.id, token: input.token })),
});
