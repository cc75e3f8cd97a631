import { Upload } from 'lucide-react';
import { BatchesList } from '@/components/batches/batches-list';
import { LinkButton } from '@/components/videos/link-button';

export const metadata = { title: 'Batches' };

export default async function BatchesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { page } = await searchParams;
  const n = Number(typeof page === 'string' ? page : 1);
  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Batches</h1>
          <p className="mt-1 text-slate-600">One personalized video per row of a list, from a CSV here or from the API.</p>
        </div>
        <LinkButton href="/batches/new">
          <Upload className="h-4 w-4" /> Import a CSV
        </LinkButton>
      </div>
      <BatchesList page={Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1} />
    </div>
  );
}
