import Link from 'next/link';
import { primaryAction, secondaryAction, StatusPage } from '@/components/status/status-page';

export const metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="Page not found"
      message="There is nothing at this address. The link may be mistyped, or the page has moved."
      actions={
        <>
          <Link href="/dashboard" className={primaryAction}>
            Go to the dashboard
          </Link>
          <Link href="/" className={secondaryAction}>
            Home
          </Link>
        </>
      }
    />
  );
}
