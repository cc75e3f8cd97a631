import { StatusPage } from '@/components/status/status-page';

export const metadata = { title: 'Video not available', robots: { index: false, follow: false } };

/** What a recipient sees for a deleted video or a mistyped link: no app navigation, the watch page's colours. */
export default function VideoNotFound() {
  return (
    <StatusPage
      tone="dark"
      code="Video not available"
      title="This video is no longer here"
      message="The link may be incomplete, or the sender has removed the video. If you were expecting it, ask them for a new link."
    />
  );
}
