import Link from 'next/link';
import { primaryAction, secondaryAction, StatusPage } from '@/components/status/status-page';

/** notFound() inside the signed-in app: the page keeps its sidebar and menu. */
export default function AppNotFound() {
  return (
    <StatusPage
      inset
      code="404"
      title="Not found"
      message="It does not exist in this account, or it was deleted. If it belongs to another of your accounts, switch to that account first."
      actions={
        <>
          <Link href="/videos" className={primaryAction}>
            All videos
          </Link>
          <Link href="/dashboard" className={secondaryAction}>
            Dashboard
          </Link>
        </>
      }
    />
  );
}
