'use client';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError, Input, Label } from '@/components/ui/input';
import { safeNextPath } from '@/lib/safe-next';


export function LoginForm({ oauthProviders }: { oauthProviders: Array<'github' | 'google'> }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const form = new FormData(event.currentTarget);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(
        result?.code === 'too_many_attempts'
          ? 'Too many sign-in attempts for this email or from this network. Wait 15 minutes and try again.'
          : 'Wrong email or password.',
      );
      return;
    }
    router.push(safeNextPath(params.get('next')));
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <div>
          <Label htmlFor="email">Email</Label>
          <Input id="email" name="email" type="email" autoComplete="email" required className="mt-1" />
        </div>
        <div>
          <Label htmlFor="password">Password</Label>
          <Input id="password" name="password" type="password" autoComplete="current-password" required className="mt-1" />
        </div>
        <FieldError message={error} />
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      {oauthProviders.length > 0 && (
        <div className="space-y-2 border-t border-slate-100 pt-6">
          {oauthProviders.map((p) => (
            <Button
              key={p}
              variant="secondary"
              className="w-full"
              onClick={() => signIn(p, { redirectTo: safeNextPath(params.get('next')) })}
            >
              Continue with {p === 'github' ? 'GitHub' : 'Google'}
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}
