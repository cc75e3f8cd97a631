/** Users, accounts and memberships: input shapes for sign-up, sign-in and account management. */
import { z } from 'zod';
import { required } from '../lib/errors';
import { passwordWeakness } from '../auth/password-policy';

export const emailSchema = z
  .string({ error: required('a string') })
  .trim()
  .min(1, 'is required')
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'))
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string({ error: required('a string') })
  .min(8, 'must be at least 8 characters')
  .max(200, 'must be at most 200 characters');

export const accountNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100, 'must be at most 100 characters');

export const signUpInput = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: z.string().trim().max(100, 'must be at most 100 characters').optional(),
    account_name: accountNameSchema.optional(),
    // The token of an invitation link (/invite/<token>): admits its email when open sign-up is off.
    invitation: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters').optional(),
  })
  .superRefine((v, ctx) => {
    // zod runs this even when a field failed: a password already refused for its length needs no second message.
    if (typeof v.password !== 'string' || !passwordSchema.safeParse(v.password).success) return;
    const weakness = passwordWeakness(v.password, [v.email, v.name, v.account_name]);
    if (weakness) ctx.addIssue({ code: 'custom', path: ['password'], message: weakness });
  });
export type SignUpInput = z.infer<typeof signUpInput>;

/**
 * What POST /api/signup answers, the same for an email that was free and one
 * that already had an account (see requestSignUp): nothing in it depends on
 * which.
 */
export const signUpAccepted = z.object({
  status: z.literal('accepted'),
  email: z.string(),
  message: z.string(),
});
export type SignUpAccepted = z.infer<typeof signUpAccepted>;

export const signInInput = z.object({
  email: emailSchema,
  password: z.string({ error: required('a string') }).min(1, 'is required').max(200),
});

export const createAccountInput = z.object({ name: accountNameSchema });
export const renameAccountInput = z.object({ name: accountNameSchema });

export const accountOutput = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['owner', 'admin', 'member']),
  createdAt: z.date(),
});
export type AccountOutput = z.infer<typeof accountOutput>;

export const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  createdAt: z.date(),
});
export type UserOutput = z.infer<typeof userOutput>;
