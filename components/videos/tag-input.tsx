'use client';
/**
 * A list of short strings edited as chips: Enter or comma adds, Backspace on
 * an empty input removes the last, pasting "a, b, c" adds three. What is
 * still typed when the field loses focus is added too, so it is never lost.
 */
import { X } from 'lucide-react';
import { useState } from 'react';
import { cn } from '@/lib/utils';

export function TagInput({
  id,
  value,
  onChange,
  placeholder,
  maxItems,
  maxLength,
  invalid,
  describedBy,
}: {
  id: string;
  value: readonly string[];
  onChange: (next: string[]) => void;
  placeholder?: string;
  maxItems?: number;
  maxLength?: number;
  invalid?: boolean;
  describedBy?: string;
}) {
  const [draft, setDraft] = useState('');
  const full = maxItems !== undefined && value.length >= maxItems;

  const add = (raw: string) => {
    const parts = raw
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (!parts.length) return;
    const next = [...value];
    for (const p of parts) {
      if (maxItems !== undefined && next.length >= maxItems) break;
      if (!next.includes(p)) next.push(p);
    }
    onChange(next);
    setDraft('');
  };

  return (
    <div
      className={cn(
        'flex min-h-10 w-full flex-wrap items-center gap-1.5 rounded-md bg-white px-2 py-1.5 shadow-sm ring-1 ring-inset ring-slate-300',
        'focus-within:ring-2 focus-within:ring-indigo-600',
        invalid && 'ring-red-500',
      )}
      onClick={(e) => (e.currentTarget.querySelector('input') as HTMLInputElement | null)?.focus()}
    >
      {value.map((tag, i) => (
        <span key={`${tag}-${i}`} className="inline-flex items-center gap-1 rounded-md bg-indigo-50 py-0.5 pl-2 pr-1 text-sm text-indigo-800 ring-1 ring-inset ring-indigo-200">
          {tag}
          <button
            type="button"
            aria-label={`Remove ${tag}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
            className="rounded p-0.5 text-indigo-500 hover:bg-indigo-100 hover:text-indigo-800"
          >
            <X className="h-3 w-3" />
          </button>
        </span>
      ))}
      <input
        id={id}
        value={draft}
        disabled={full}
        maxLength={maxLength}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={full ? `Maximum of ${maxItems}` : value.length ? 'Add another…' : placeholder}
        onChange={(e) => {
          const v = e.target.value;
          if (v.includes(',')) add(v);
          else setDraft(v);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add(draft);
          } else if (e.key === 'Backspace' && !draft && value.length) {
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => add(draft)}
        className="h-7 min-w-[8rem] flex-1 border-0 bg-transparent px-1 text-sm text-slate-900 outline-none placeholder:text-slate-400 disabled:cursor-not-allowed"
      />
    </div>
  );
}
