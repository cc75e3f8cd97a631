'use client';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError, Input, Label } from '@/components/ui/input';
import { safeNextPath } from '@/lib/safe-next';

type FieldErrors = Partial<Record<'email' | 'password' | 'name' | 'account_name' | 'form', string>>;

export function SignupForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setPending(true);
    const form = new FormData(event.currentTarget);
    const body = {
      name: String(form.get('name') ?? '') || undefined,
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      account_name: String(form.get('account_name') ?? '') || undefined,
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
        const next: FieldErrors = {};
        for (const d of error.details ?? []) {
          const label = d.field.replace('_', ' ');
          next[d.field as keyof FieldErrors] = `${label.charAt(0).toUpperCase()}${label.slice(1)} ${d.message}`;
        }
        if (!error.details?.length) next.form = error.message;
        setErrors(next);
        return;
      }
      const result = await signIn('credentials', { email: body.email, password: body.password, redirect: false });
      if (!result || result.error) {
        setErrors({ form: 'Your account was created, but signing in failed. Try signing in.' });
        return;
      }
      // Back to where sign-up was asked for (an invitation), on this site only.
      router.push(safeNextPath(params.get('next')));
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
        <Input id="email" name="email" type="email" autoComplete="email" required className="mt-1" aria-invalid={!!errors.email} />
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
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating account…' : 'Create account'}
      </Button>
    </form>
  );
}
