import { CreateVideoForm } from '@/components/videos/create-video-form';

export const metadata = { title: 'Create a video' };

/** `?template=tmpl_…` opens the form for that template; without it, the template gallery. */
export default async function NewVideoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { template } = await searchParams;
  return (
    <div className="max-w-6xl">
      <CreateVideoForm templateId={typeof template === 'string' ? template : null} />
    </div>
  );
}
