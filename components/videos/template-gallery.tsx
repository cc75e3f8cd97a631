'use client';
/**
 * Template cards: name, description, formats and a preview frame. The
 * stored preview still is used when the worker has rendered one for the
 * current template version; otherwise (or if it fails to load) a live frame
 * of the composition with the template's example data.
 */
import { Check } from 'lucide-react';
import dynamic from 'next/dynamic';
import Image from 'next/image';
import { useMemo, useState } from 'react';
import { cn } from '@/lib/utils';
import { exampleScript } from '@/remotion/script';
import { getTemplate } from '@/remotion/templates/registry';
import { exampleDataFor } from './examples';
import { RESTING_FRAME } from './preview-frame';

const CompositionThumbnail = dynamic(() => import('./composition-preview').then((m) => m.CompositionThumbnail), {
  ssr: false,
  loading: () => <div className="h-full w-full animate-pulse bg-slate-800" />,
});

export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  aspect_ratios: string[];
  preview_thumbnail: string | null;
}


function LiveFrame({ templateId }: { templateId: string }) {
  const { data, script } = useMemo(() => {
    const example = exampleDataFor(templateId);
    return { data: example, script: exampleScript(templateId, example, 'short') };
  }, [templateId]);
  return (
    <CompositionThumbnail
      templateId={templateId}
      customerData={data}
      script={script}
      aspectRatio="9:16"
      resolution="standard"
      frame={RESTING_FRAME}
    />
  );
}

/** Pixel size of a stored preview (9:16 at half the standard size, server/templates/render-preview.ts). */
const PREVIEW_WIDTH = 360;
const PREVIEW_HEIGHT = 640;

function TemplateFrame({ template }: { template: TemplateSummary }) {
  const [failed, setFailed] = useState(false);
  if (template.preview_thumbnail && !failed) {
    // unoptimized: the still is already a small JPEG, served by /files or the storage CDN with immutable caching.
    return (
      <Image
        src={template.preview_thumbnail}
        alt={template.name}
        width={PREVIEW_WIDTH}
        height={PREVIEW_HEIGHT}
        unoptimized
        className="h-full w-full object-cover"
        onError={() => setFailed(true)}
      />
    );
  }
  if (!getTemplate(template.id)) return <div className="h-full w-full bg-slate-800" />;
  return <LiveFrame templateId={template.id} />;
}

export function TemplateGallery({
  templates,
  selected,
  onSelect,
  compact = false,
}: {
  templates: readonly TemplateSummary[];
  selected: string | null;
  onSelect: (id: string) => void;
  compact?: boolean;
}) {
  return (
    <div className={cn('grid gap-4', compact ? 'grid-cols-2 lg:grid-cols-4' : 'sm:grid-cols-2 xl:grid-cols-4')} role="list">
      {templates.map((t) => {
        const active = t.id === selected;
        return (
          <button
            key={t.id}
            type="button"
            role="listitem"
            aria-current={active || undefined}
            data-testid={`template-${t.id}`}
            onClick={() => onSelect(t.id)}
            className={cn(
              'group relative flex flex-col overflow-hidden rounded-xl bg-white text-left shadow-sm ring-1 transition',
              'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
              active ? 'ring-2 ring-indigo-600' : 'ring-slate-200 hover:-translate-y-0.5 hover:shadow-md hover:ring-slate-300',
            )}
          >
            <div className={cn('flex justify-center bg-gradient-to-br from-slate-800 to-slate-950', compact ? 'h-28 py-2' : 'h-56 py-4')}>
              <div className="aspect-[9/16] h-full overflow-hidden rounded-md shadow-lg ring-1 ring-white/10">
                <TemplateFrame template={t} />
              </div>
            </div>
            <div className="flex flex-1 flex-col p-4">
              <div className="flex items-start justify-between gap-2">
                <h3 className="font-semibold text-slate-900">{t.name}</h3>
                {active && (
                  <span className="flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-white">
                    <Check className="h-3.5 w-3.5" />
                  </span>
                )}
              </div>
              {!compact && <p className="mt-1 line-clamp-3 text-sm leading-relaxed text-slate-600">{t.description}</p>}
              <div className="mt-auto flex gap-1 pt-3">
                {t.aspect_ratios.map((r) => (
                  <span key={r} className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-600">
                    {r}
                  </span>
                ))}
              </div>
            </div>
          </button>
        );
      })}
    </div>
  );
}
