'use client';
/**
 * The `ai_messaging` controls: tone and length as segmented controls, focus
 * points as toggle chips (order of selection is the order the script covers
 * them) plus free-text points. Options and their labels come from the server
 * (`videos.messagingOptions`), so new tones appear without UI work.
 */
import { Plus, X } from 'lucide-react';
import { useState } from 'react';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/utils';
import { issuesFor, type IssueMap } from './errors';
import { fieldId } from './schema-form';
import { SegmentedControl } from './segmented-control';

export interface Messaging {
  tone: string;
  length: 'short' | 'medium' | 'long';
  focus_points: string[];
}

interface Option {
  value: string;
  label: string;
  description: string;
}

export interface MessagingOptions {
  tones: ReadonlyArray<Option>;
  lengths: ReadonlyArray<{ value: 'short' | 'medium' | 'long'; label: string; description: string }>;
  focusPoints: ReadonlyArray<Option>;
}

const LENGTH_HINT: Record<string, string> = { short: '~15s', medium: '~30s', long: '~60s' };

function Errors({ messages, id }: { messages: string[]; id?: string }) {
  if (!messages.length) return null;
  return (
    <p id={id} role="alert" className="mt-1.5 text-xs text-red-600">
      {messages.join(' · ')}
    </p>
  );
}

export function MessagingControls({
  options,
  value,
  onChange,
  maxFocusPoints,
  scenes,
  issues,
}: {
  options: MessagingOptions;
  value: Messaging;
  onChange: (next: Messaging) => void;
  maxFocusPoints: number;
  /** Scenes of the chosen length: each focus point needs one (the server refuses more). */
  scenes?: number;
  issues: IssueMap;
}) {
  const [custom, setCustom] = useState('');
  const known = new Set(options.focusPoints.map((o) => o.value));
  const limit = Math.min(maxFocusPoints, scenes ?? maxFocusPoints);
  const full = value.focus_points.length >= limit;
  const over = value.focus_points.length > limit;
  const tone = options.tones.find((t) => t.value === value.tone);
  const length = options.lengths.find((l) => l.value === value.length);

  const toggle = (point: string) => {
    const has = value.focus_points.includes(point);
    if (!has && full) return;
    onChange({ ...value, focus_points: has ? value.focus_points.filter((p) => p !== point) : [...value.focus_points, point] });
  };
  const addCustom = () => {
    const point = custom.trim().replace(/\s+/g, ' ');
    if (!point || full || value.focus_points.includes(point)) return;
    onChange({ ...value, focus_points: [...value.focus_points, point] });
    setCustom('');
  };
  const customPoints = value.focus_points.filter((p) => !known.has(p));

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm font-medium text-slate-800" id="tone-label">
          Tone
        </p>
        <SegmentedControl
          id={fieldId('ai_messaging.tone')}
          ariaLabel="Tone"
          className="mt-1.5"
          options={options.tones.map((t) => ({ value: t.value, label: t.label, hint: t.description }))}
          value={value.tone}
          onChange={(tone) => onChange({ ...value, tone })}
        />
        <p className="mt-1.5 text-xs text-slate-500">{tone?.description}</p>
        <Errors messages={issuesFor(issues, 'ai_messaging.tone')} />
      </div>

      <div>
        <p className="text-sm font-medium text-slate-800">Length</p>
        <SegmentedControl
          id={fieldId('ai_messaging.length')}
          ariaLabel="Length"
          className="mt-1.5"
          options={options.lengths.map((l) => ({
            value: l.value,
            hint: l.description,
            label: (
              <>
                {l.label}
                <span className="text-xs font-normal text-slate-600">{LENGTH_HINT[l.value]}</span>
              </>
            ),
          }))}
          value={value.length}
          onChange={(len) => onChange({ ...value, length: len })}
        />
        <p className="mt-1.5 text-xs text-slate-500">{length?.description}</p>
        <Errors messages={[...issuesFor(issues, 'ai_messaging.length'), ...issuesFor(issues, 'script.length')]} />
      </div>

      <div>
        <div className="flex items-baseline justify-between">
          <p className="text-sm font-medium text-slate-800">Focus points</p>
          <p className="text-xs text-slate-500">
            {value.focus_points.length}/{limit} · in the order picked; none lets the template choose
          </p>
        </div>
        <div id={fieldId('ai_messaging.focus_points')} className="mt-2 flex flex-wrap gap-2" role="group" aria-label="Focus points">
          {options.focusPoints.map((o) => {
            const index = value.focus_points.indexOf(o.value);
            const on = index >= 0;
            return (
              <button
                key={o.value}
                type="button"
                aria-pressed={on}
                title={o.description}
                disabled={!on && full}
                onClick={() => toggle(o.value)}
                className={cn(
                  'inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-sm ring-1 ring-inset transition',
                  on ? 'bg-indigo-600 text-white ring-indigo-600 hover:bg-indigo-500' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
                  'disabled:cursor-not-allowed disabled:opacity-40',
                )}
              >
                {on && <span className="flex h-4 w-4 items-center justify-center rounded-full bg-white/25 text-[10px] font-semibold">{index + 1}</span>}
                {o.label}
              </button>
            );
          })}
          {customPoints.map((p) => (
            <span key={p} className="inline-flex items-center gap-1.5 rounded-full bg-violet-600 py-1 pl-3 pr-1.5 text-sm text-white">
              <span className="flex h-4 w-4 items-center justify-center rounded-full bg-white/25 text-[10px] font-semibold">
                {value.focus_points.indexOf(p) + 1}
              </span>
              “{p}”
              <button type="button" aria-label={`Remove ${p}`} onClick={() => toggle(p)} className="rounded-full p-0.5 hover:bg-white/20">
                <X className="h-3.5 w-3.5" />
              </button>
            </span>
          ))}
        </div>
        <div className="mt-3 flex gap-2">
          <Input
            aria-label="Add your own focus point"
            placeholder="Add your own point, e.g. “our new mobile app”"
            value={custom}
            maxLength={80}
            disabled={full}
            onChange={(e) => setCustom(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addCustom();
              }
            }}
          />
          <button
            type="button"
            onClick={addCustom}
            disabled={full || !custom.trim()}
            className="inline-flex h-10 shrink-0 items-center gap-1 rounded-md px-3 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50 disabled:opacity-40"
          >
            <Plus className="h-4 w-4" /> Add
          </button>
        </div>
        {over && (
          <p className="mt-1.5 text-sm text-amber-800" role="status" data-testid="focus-over-capacity">
            A {value.length} video has {scenes} scenes, one per focus point: remove {value.focus_points.length - limit} or choose a longer length.
          </p>
        )}
        <Errors messages={issuesFor(issues, 'ai_messaging.focus_points')} />
      </div>
    </div>
  );
}
