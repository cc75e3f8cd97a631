'use client';
/**
 * A value shown once (a secret, a key, an invitation link) in a code box with
 * its Copy button, on the green "created" panels of Settings.
 */
import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

export function CopyField({ value, label, testId, className }: { value: string; label?: string; testId: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className={className}>
      {label && <p className="mb-1 text-xs font-medium text-emerald-900">{label}</p>}
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 overflow-x-auto rounded-md bg-white px-3 py-2 font-mono text-sm ring-1 ring-emerald-200" data-testid={testId}>
          {value}
        </code>
        <Button
          type="button"
          variant="secondary"
          aria-label={label ? `Copy ${label}` : undefined}
          onClick={async () => {
            await navigator.clipboard?.writeText(value).catch(() => {});
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
