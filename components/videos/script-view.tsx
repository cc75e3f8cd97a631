/** A video's script as a reader sees it: headline, numbered scenes (slot, title, text) and the call to action. */
import { ExternalLink, MousePointerClick } from 'lucide-react';
import { cn } from '@/lib/utils';
import type { Script } from '@/remotion/script';

function slotLabel(kind: string): string {
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function ScriptView({ script, compact = false }: { script: Script; compact?: boolean }) {
  return (
    <div className="space-y-4" data-testid="script-view">
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Headline</p>
        <p className={cn('mt-1 font-semibold text-slate-900', compact ? 'text-base' : 'text-lg')}>{script.headline}</p>
      </div>
      <ol className="space-y-3">
        {script.scenes.map((scene, i) => (
          <li key={i} className="flex gap-3">
            <span className="mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-slate-100 text-[11px] font-semibold text-slate-600">
              {i + 1}
            </span>
            <div className="min-w-0">
              <p className="text-[11px] font-medium uppercase tracking-wide text-indigo-600">{slotLabel(scene.kind)}</p>
              {scene.title && <p className="text-sm font-semibold text-slate-900">{scene.title}</p>}
              <p className="text-sm leading-relaxed text-slate-700">{scene.text}</p>
            </div>
          </li>
        ))}
      </ol>
      {script.cta && (
        <div className="flex items-center justify-between gap-3 rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-inset ring-slate-200">
          <span className="flex min-w-0 items-center gap-2 text-sm">
            <MousePointerClick className="h-4 w-4 shrink-0 text-slate-400" />
            <span className="font-medium text-slate-900">{script.cta.label}</span>
          </span>
          {script.cta.url && (
            <a href={script.cta.url} target="_blank" rel="noreferrer noopener" className="inline-flex min-w-0 items-center gap-1 text-xs text-indigo-600 hover:underline">
              <span className="line-clamp-1 [overflow-wrap:anywhere]">{script.cta.url.replace(/^https?:\/\//, '')}</span>
              <ExternalLink className="h-3 w-3 shrink-0" />
            </a>
          )}
        </div>
      )}
    </div>
  );
}
