'use client';
/** A row of mutually exclusive options (radio group semantics, arrow keys move the choice). */
import { useRef } from 'react';
import { cn } from '@/lib/utils';

export interface SegmentOption<T extends string> {
  value: T;
  label: React.ReactNode;
  /** Shown as the native tooltip. */
  hint?: string;
  disabled?: boolean;
}

export function SegmentedControl<T extends string>({
  options,
  value,
  onChange,
  ariaLabel,
  id,
  className,
  size = 'md',
}: {
  options: ReadonlyArray<SegmentOption<T>>;
  value: T;
  onChange: (value: T) => void;
  ariaLabel: string;
  id?: string;
  className?: string;
  size?: 'sm' | 'md';
}) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const enabled = options.filter((o) => !o.disabled);
  // From the focused option, not from `value`, which may not have re-rendered between two quick key presses.
  const move = (from: T, delta: number) => {
    const at = enabled.findIndex((o) => o.value === from);
    const next = enabled[(at + delta + enabled.length) % enabled.length];
    if (!next) return;
    onChange(next.value);
    refs.current[options.indexOf(next)]?.focus();
  };
  return (
    <div
      id={id}
      role="radiogroup"
      aria-label={ariaLabel}
      // Wraps onto a second row where the options do not fit side by side (a phone).
      className={cn('flex w-full flex-wrap gap-y-1 rounded-lg bg-slate-100 p-1 ring-1 ring-inset ring-slate-200', className)}
    >
      {options.map((o, i) => {
        const active = o.value === value;
        return (
          <button
            key={o.value}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="radio"
            aria-checked={active}
            title={o.hint}
            disabled={o.disabled}
            tabIndex={active ? 0 : -1}
            onClick={() => onChange(o.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
                e.preventDefault();
                move(o.value, 1);
              } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
                e.preventDefault();
                move(o.value, -1);
              }
            }}
            className={cn(
              'flex flex-1 items-center justify-center gap-1.5 whitespace-nowrap rounded-md font-medium transition',
              size === 'sm' ? 'px-2 py-1 text-xs' : 'px-2.5 py-1.5 text-sm sm:px-3',
              'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600',
              active ? 'bg-white text-slate-900 shadow-sm ring-1 ring-slate-200' : 'text-slate-600 hover:text-slate-900',
              o.disabled && 'cursor-not-allowed opacity-40 hover:text-slate-600',
            )}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}
