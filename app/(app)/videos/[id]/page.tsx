import { notFound } from 'next/navigation';
import { VideoDetailView } from '@/components/videos/video-detail';

export const metadata = { title: 'Video' };

export default async function VideoPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Same shape check as the API, so a mistyped URL is a 404 page rather than a failed query.
  if (!/^vid_[0-9a-z]{10}$/.test(id)) notFound();
  return (
    <div className="max-w-6xl">
      <VideoDetailView id={id} />
    </div>
  );
}
