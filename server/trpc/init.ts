/**
 * tRPC setup: the context (db, session, which account the UI is acting in),
 * the error formatter that maps AppError to tRPC codes and keeps the HTTP
 * status and field details, and the public/protected procedures.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ACCOUNT_COOKIE } from '../../lib/constants';
import { requireRole } from '../accounts/roles';
import { resolveAccount } from '../accounts/service';
import type { Db } from '../db/client';
import { AppError, errorCodes, isAppError, isZodError, toAppError, zodDetails } from '../lib/errors';
import { findInputIssue, isPlausiblePathId } from '../lib/input-policy';
import { errorFields, logger } from '../lib/logger';


export interface SessionUser {
  id: string;
  email: string;
  name?: string | null;
}

export interface TrpcContext {
  db: Db;
  user: SessionUser | null;
  /** The account the UI says it is acting in (header or cookie); checked against memberships. */
  accountIdHint: string | null;  /**
   * Where absolute URLs in answers point: APP_URL, else the origin the browser used (so the UI's
   * share links, player source and files work when the app is reached by IP or host name).
   */
  origin: string;
}

export function accountIdFromRequest(headers: Headers): string | null {
  const header = headers.get('x-account-id');
  if (header) return header;
  const cookie = headers.get('cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${ACCOUNT_COOKIE}=([^;]+)`).exec(cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let appError: AppError | undefined;
    if (isZodError(cause)) {
      appError = new AppError('validation_error', 'Invalid input', zodDetails(cause));
    } else if (isAppError(cause)) {
      appError = cause;
    }
    return {
      ...shape,
      message: appError?.message ?? shape.message,
      data: {
        ...shape.data,
        httpStatus: appError?.status ?? shape.data.httpStatus,
        appCode: appError?.code ?? null,
        details: appError?.details ?? null,
        stack: undefined,
      },
    };
  },
});

/** Turns an AppError (or anything) thrown by a service into a TRPCError that keeps it as cause. */
const errorMapping = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  if (isAppError(error.cause)) {
    throw new TRPCError({ code: errorCodes[error.cause.code].trpc, message: error.cause.message, cause: error.cause });
  }
  if (error.code !== 'INTERNAL_SERVER_ERROR') return result;
  const appError = toAppError(error.cause);
  if (appError.code === 'internal_error') logger.error('unhandled error in tRPC procedure', errorFields(error.cause ?? error));
  throw new TRPCError({ code: errorCodes[appError.code].trpc, message: appError.message, cause: appError });
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** The input policy of every transport (lib/input-policy.ts): unstorable text or too-deep input is refused before any procedure runs. */
const inputPolicy = t.middleware(async ({ getRawInput, next }) => {
  const issue = findInputIssue(await getRawInput());
  if (issue) throw AppError.invalidField(issue.field || 'input', issue.message);
  return next();
});

export const publicProcedure = t.procedure.use(errorMapping).use(inputPolicy);

/** Requires a signed-in user. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * Requires a signed-in user who is a member of the account they act in. The
 * account comes from the UI's hint, else the user's first account; an account
 * the user is not a member of is NOT_FOUND, exactly like one that does not exist.
 */
export const protectedProcedure = authedProcedure.use(async ({ ctx, next }) => {
  // A hint no account id can match (a NUL, control characters) is refused before it reaches a query.
  if (ctx.accountIdHint !== null && ctx.accountIdHint !== undefined && !isPlausiblePathId(ctx.accountIdHint)) {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'Account not found' });
  }
  const account = await resolveAccount(ctx.db, { userId: ctx.user.id, accountId: ctx.accountIdHint, fallback: false });
  if (!account) throw new TRPCError({ code: 'NOT_FOUND', message: 'Account not found' });
  return next({ ctx: { ...ctx, account } });
});

/**
 * For what owners and admins may do and members may not (server/accounts/team.ts):
 * FORBIDDEN for a member, naming the action.
 */
export function adminProcedure(what: string) {
  return protectedProcedure.use(async ({ ctx, next }) => {
    requireRole(ctx.account.role, 'admin', what);
    return next();
  });
}
