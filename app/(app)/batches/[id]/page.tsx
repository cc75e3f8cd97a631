import { notFound } from 'next/navigation';
import { BatchDetail } from '@/components/batches/batch-detail';

export const metadata = { title: 'Batch' };

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^bat_[0-9a-z]{10}$/.test(id)) notFound();
  return (
    <div className="max-w-6xl">
      <BatchDetail id={id} />
    </div>
  );
}
