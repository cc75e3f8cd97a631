'use client';
/** Shows a signing secret once (after create or rotate), with a copy button. */
import { X } from 'lucide-react';
import { CopyField } from '@/components/ui/copy-field';

export function SecretReveal({ title, note, secret, onDismiss }: { title: string; note?: string; secret: string; onDismiss: () => void }) {
  return (
    <div className="rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200" data-testid="webhook-secret">
      <div className="flex items-start justify-between gap-3">
        <div>
          <p className="text-sm font-medium text-emerald-900">{title}</p>
          <p className="mt-0.5 text-sm text-emerald-800">
            Copy the signing secret now: it will not be shown again.{note ? ` ${note}` : ''}
          </p>
        </div>
        <button type="button" onClick={onDismiss} aria-label="Dismiss" className="rounded-md p-1 text-emerald-700 hover:bg-emerald-100">
          <X className="h-4 w-4" />
        </button>
      </div>
      <CopyField className="mt-3" value={secret} testId="webhook-secret-value" />
    </div>
  );
}
