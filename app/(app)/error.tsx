'use client';
import Link from 'next/link';
import { ErrorAdvice, primaryAction, secondaryAction, StatusPage } from '@/components/status/status-page';

/** An unexpected error inside the signed-in app: shown in the shell, so the navigation stays usable. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      inset
      code="Error"
      title="This page could not be shown"
      message={<ErrorAdvice lead="Try again in a moment" digest={error.digest} />}
      actions={
        <>
          <button type="button" onClick={reset} className={primaryAction}>
            Try again
          </button>
          <Link href="/dashboard" className={secondaryAction}>
            Dashboard
          </Link>
        </>
      }
    />
  );
}
