/**
 * The branded page for a 404 or an error: the logo, what happened, where to
 * go next. `tone="dark"` matches the watch page a recipient lands on;
 * `inset` drops the full-height frame for pages inside the signed-in shell.
 */
import Link from 'next/link';
import { Logo } from '@/components/logo';
import { cn } from '@/lib/utils';

export function StatusPage({
  code,
  title,
  message,
  tone = 'light',
  inset = false,
  actions,
}: {
  code: string;
  title: string;
  message: React.ReactNode;
  tone?: 'light' | 'dark';
  inset?: boolean;
  actions?: React.ReactNode;
}) {
  const dark = tone === 'dark';
  const body = (
    <div className="mx-auto flex w-full max-w-md flex-col items-center text-center">
      <p className={cn('text-sm font-semibold tracking-wide', dark ? 'text-indigo-300' : 'text-indigo-600')}>{code}</p>
      <h1 className={cn('mt-2 text-2xl font-semibold tracking-tight sm:text-3xl', dark ? 'text-white' : 'text-slate-900')}>{title}</h1>
      <p className={cn('mt-3 text-base', dark ? 'text-slate-300' : 'text-slate-600')}>{message}</p>
      {actions && <div className="mt-8 flex flex-wrap items-center justify-center gap-3">{actions}</div>}
    </div>
  );
  if (inset) return <div className="py-16 sm:py-24">{body}</div>;
  return (
    <main className={cn('flex min-h-full flex-col px-4 py-8', dark ? 'bg-slate-950' : 'bg-slate-50')}>
      <Link href="/" className="mx-auto" aria-label="Clipwright home">
        <Logo className={cn('text-lg', dark ? 'text-slate-100' : 'text-slate-900')} />
      </Link>
      <div className="flex flex-1 items-center py-16">{body}</div>
    </main>
  );
}

export const primaryAction = 'inline-flex h-10 items-center justify-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500';
export const secondaryAction =
  'inline-flex h-10 items-center justify-center rounded-md bg-white px-4 text-sm font-medium text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-50';

/** "Try again …; if it keeps happening, tell your administrator (reference <digest>)." for the error pages. */
export function ErrorAdvice({ lead, digest }: { lead: string; digest?: string }) {
  return (
    <>
      {lead}; if it keeps happening, tell your administrator
      {digest ? (
        <>
          {' '}
          (reference <code className="font-mono text-sm">{digest}</code>)
        </>
      ) : null}
      .
    </>
  );
}
