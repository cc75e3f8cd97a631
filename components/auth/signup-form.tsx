'use client';
/**
 * Sign-up, then sign-in with the same email and password. POST /api/signup
 * answers alike whether the email was free or already had an account, so it
 * is the sign-in that shows which: it fails for a taken email unless the
 * password is that account's own (then it simply signs in).
 */
import Link from 'next/link';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError, Input, Label } from '@/components/ui/input';
import { safeNextPath } from '@/lib/safe-next';

type Field = 'email' | 'password' | 'name' | 'account_name';
type FieldErrors = Partial<Record<Field | 'form', string>>;
const FIELDS: readonly string[] = ['email', 'password', 'name', 'account_name'] satisfies Field[];

export function SignupForm({
  invitation = null,
  emailLocked = false,
}: {
  /** The invitation that sent the visitor here: its email is filled in, its token sent along. */
  invitation?: { token: string; email: string } | null;
  /** Open sign-up is off: only the invited email may sign up. */
  emailLocked?: boolean;
}) {
  const router = useRouter();
  const params = useSearchParams();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [signInFailed, setSignInFailed] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const next = safeNextPath(params.get('next'));

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setSignInFailed(null);
    setPending(true);
    const form = new FormData(event.currentTarget);
    const body = {
      name: String(form.get('name') ?? '') || undefined,
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      account_name: String(form.get('account_name') ?? '') || undefined,
      invitation: invitation?.token,
    };
    try {
      const res = await fetch('/api/signup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        const { error } = (await res.json()) as {
          error: { message: string; details?: Array<{ field: string; message: string }> };
        };
        const shown: FieldErrors = {};
        for (const d of error.details ?? []) {
          if (!FIELDS.includes(d.field)) continue;
          const label = d.field.replace('_', ' ');
          shown[d.field as Field] = `${label.charAt(0).toUpperCase()}${label.slice(1)} ${d.message}`;
        }
        if (Object.keys(shown).length === 0) shown.form = error.message;
        setErrors(shown);
        return;
      }
      const result = await signIn('credentials', { email: body.email, password: body.password, redirect: false });
      if (!result || result.error) {
        // A new account signs in with the password just chosen; this is a taken email (or the sign-in budget ran out).
        setSignInFailed(
          result?.code === 'too_many_attempts'
            ? 'Too many sign-in attempts for this email or from this network. Wait 15 minutes, then sign in.'
            : 'Signing in with this email and password failed. If you already have an account with this email, sign in with its password.',
        );
        return;
      }
      // Back to where sign-up was asked for (an invitation), on this site only.
      router.push(next);
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <Label htmlFor="name">Your name</Label>
        <Input id="name" name="name" autoComplete="name" className="mt-1" />
        <FieldError message={errors.name} />
      </div>
      <div>
        <Label htmlFor="email">Work email</Label>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          className="mt-1 read-only:bg-slate-50 read-only:text-slate-600"
          defaultValue={invitation?.email}
          readOnly={emailLocked}
          aria-invalid={!!errors.email}
          aria-describedby={emailLocked ? 'email-hint' : undefined}
        />
        {emailLocked && (
          <p id="email-hint" className="mt-1 text-xs text-slate-500">
            This server is invite-only: you can create an account for the invited email.
          </p>
        )}
        <FieldError message={errors.email} />
      </div>
      <div>
        <Label htmlFor="password">Password</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          className="mt-1"
          aria-invalid={!!errors.password}
        />
        <p className="mt-1 text-xs text-slate-500">At least 8 characters, and not a common password: a few unrelated words work well.</p>
        <FieldError message={errors.password} />
      </div>
      <div>
        <Label htmlFor="account_name">Company or team</Label>
        <Input id="account_name" name="account_name" placeholder="Acme Inc." className="mt-1" />
        <FieldError message={errors.account_name} />
      </div>
      <FieldError message={errors.form} />
      {signInFailed && (
        <p role="alert" className="text-sm text-red-600" data-testid="signup-signin-failed">
          {signInFailed}{' '}
          <Link href={`/login?next=${encodeURIComponent(next)}`} className="font-medium text-indigo-600 hover:underline">
            Sign in
          </Link>
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating account…' : 'Create account'}
      </Button>
    </form>
  );
}
