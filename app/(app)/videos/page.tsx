import { Plus } from 'lucide-react';
import { LinkButton } from '@/components/videos/link-button';
import { parseListParams } from '@/components/videos/list-params';
import { VideosList } from '@/components/videos/videos-list';

export const metadata = { title: 'Videos' };

/** The filter and page live in the URL, so a filtered page can be linked and the back button works. */
export default async function VideosPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { status, page, limit } = parseListParams(await searchParams);
  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Videos</h1>
          <p className="mt-1 text-slate-600">Personalized videos made from your templates, from this page or the API.</p>
        </div>
        <LinkButton href="/videos/new">
          <Plus className="h-4 w-4" /> Create video
        </LinkButton>
      </div>
      <VideosList status={status} page={page} limit={limit} />
    </div>
  );
}
