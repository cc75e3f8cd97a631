import { BatchImport } from '@/components/batches/batch-import';

export const metadata = { title: 'Import a CSV' };

export default function NewBatchPage() {
  return (
    <div className="max-w-6xl">
      <BatchImport />
    </div>
  );
}
