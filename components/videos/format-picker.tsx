'use client';
/** Aspect ratio (only the template's) and output resolution, with the pixel size each gives. */
import { useRef } from 'react';
import { cn } from '@/lib/utils';
import { ASPECT_RATIOS, dimensionsFor, type AspectRatio, type Resolution } from '@/remotion/formats';
import { fieldId } from './schema-form';
import { SegmentedControl } from './segmented-control';

const ASPECT_LABEL: Record<AspectRatio, { name: string; use: string }> = {
  '9:16': { name: 'Vertical', use: 'Stories, Reels, mobile' },
  '16:9': { name: 'Landscape', use: 'Email, web, YouTube' },
  '1:1': { name: 'Square', use: 'Feeds, LinkedIn' },
};

/** A small outline of the frame shape, drawn to scale. */
function FrameShape({ ratio, active }: { ratio: AspectRatio; active: boolean }) {
  const [w, h] = ratio.split(':').map(Number) as [number, number];
  const scale = 26 / Math.max(w, h);
  return (
    <span className="flex h-8 w-8 items-center justify-center" aria-hidden>
      <span
        className={cn('rounded-[3px] border-2', active ? 'border-indigo-600 bg-indigo-100' : 'border-slate-400 bg-white')}
        style={{ width: w * scale, height: h * scale }}
      />
    </span>
  );
}

export function FormatPicker({
  supported,
  aspectRatio,
  resolution,
  onAspectRatio,
  onResolution,
  aspectErrors,
  resolutionErrors,
}: {
  supported: readonly string[];
  aspectRatio: AspectRatio;
  resolution: Resolution;
  onAspectRatio: (r: AspectRatio) => void;
  onResolution: (r: Resolution) => void;
  aspectErrors: string[];
  resolutionErrors: string[];
}) {
  const ratioButtons = useRef<Array<HTMLButtonElement | null>>([]);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm font-medium text-slate-800">Aspect ratio</p>
        {/* A radio group: one tab stop (the chosen ratio), arrow keys move the choice among the supported ones. */}
        <div id={fieldId('aspect_ratio')} role="radiogroup" aria-label="Aspect ratio" className="mt-1.5 grid grid-cols-1 gap-2 sm:grid-cols-3">
          {ASPECT_RATIOS.map((r, i) => {
            const ok = supported.includes(r);
            const active = r === aspectRatio;
            const move = (delta: number) => {
              const enabled = ASPECT_RATIOS.filter((x) => supported.includes(x));
              // From the focused radio (this one), not from state that may not have re-rendered yet.
              const next = enabled[(enabled.indexOf(r) + delta + enabled.length) % enabled.length];
              if (!next) return;
              onAspectRatio(next);
              ratioButtons.current[ASPECT_RATIOS.indexOf(next)]?.focus();
            };
            return (
              <button
                key={r}
                ref={(el) => {
                  ratioButtons.current[i] = el;
                }}
                type="button"
                role="radio"
                aria-checked={active}
                tabIndex={active ? 0 : -1}
                disabled={!ok}
                title={ok ? undefined : 'This template does not support this format'}
                onClick={() => onAspectRatio(r)}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
                    e.preventDefault();
                    move(1);
                  } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
                    e.preventDefault();
                    move(-1);
                  }
                }}
                className={cn(
                  'flex items-center gap-3 rounded-lg p-3 text-left ring-1 ring-inset transition',
                  active ? 'bg-indigo-50/60 ring-2 ring-indigo-600' : 'bg-white ring-slate-200 hover:ring-slate-300',
                  !ok && 'cursor-not-allowed opacity-40',
                )}
              >
                <FrameShape ratio={r} active={active} />
                <span className="min-w-0">
                  <span className="block text-sm font-medium text-slate-900">
                    {ASPECT_LABEL[r].name} <span className="font-normal text-slate-600">{r}</span>
                  </span>
                  <span className="block truncate text-xs text-slate-600">{ASPECT_LABEL[r].use}</span>
                </span>
              </button>
            );
          })}
        </div>
        {aspectErrors.length > 0 && (
          <p role="alert" className="mt-1.5 text-xs text-red-600">
            {aspectErrors.join(' · ')}
          </p>
        )}
      </div>
      <div>
        <p className="text-sm font-medium text-slate-800">Resolution</p>
        <SegmentedControl
          id={fieldId('resolution')}
          ariaLabel="Resolution"
          className="mt-1.5 sm:max-w-sm"
          value={resolution}
          onChange={onResolution}
          options={(['standard', 'hd'] as const).map((r) => {
            const { width, height } = dimensionsFor(aspectRatio, r);
            return {
              value: r,
              label: (
                <>
                  {r === 'hd' ? 'HD' : 'Standard'}
                  <span className="text-xs font-normal text-slate-600">
                    {width}×{height}
                  </span>
                </>
              ),
            };
          })}
        />
        <p className="mt-1.5 text-xs text-slate-500">HD is sharper, with larger files and longer renders.</p>
        {resolutionErrors.length > 0 && (
          <p role="alert" className="mt-1.5 text-xs text-red-600">
            {resolutionErrors.join(' · ')}
          </p>
        )}
      </div>
    </div>
  );
}
