'use client';
/** Shows a signing secret once (after create or rotate), with a copy button. */
import { Check, Copy, X } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

export function SecretReveal({ title, note, secret, onDismiss }: { title: string; note?: string; secret: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
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
      <div className="mt-3 flex items-center gap-2">
        <code
          className="flex-1 overflow-x-auto rounded-md bg-white px-3 py-2 font-mono text-sm ring-1 ring-emerald-200"
          data-testid="webhook-secret-value"
        >
          {secret}
        </code>
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? <Check className="h-4 w-4" /> : <Copy className="h-4 w-4" />}
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
    </div>
  );
}
