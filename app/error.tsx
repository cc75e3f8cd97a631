'use client';
import Link from 'next/link';
import { ErrorAdvice, primaryAction, secondaryAction, StatusPage } from '@/components/status/status-page';

/** An unexpected error while rendering a page outside the signed-in app. The digest matches the server log line. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      code="Error"
      title="Something went wrong"
      message={<ErrorAdvice lead="The page could not be shown. Try again" digest={error.digest} />}
      actions={
        <>
          <button type="button" onClick={reset} className={primaryAction}>
            Try again
          </button>
          <Link href="/" className={secondaryAction}>
            Home
          </Link>
        </>
      }
    />
  );
}
