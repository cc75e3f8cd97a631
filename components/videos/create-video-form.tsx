'use client';
/**
 * /videos/new: pick a template, fill the form generated from its
 * customer_data schema, set the AI messaging and format, watch the live
 * preview, then create (render now) or save a draft.
 *
 * The preview plays the composition with the script the render will use:
 * the built-in writer's (`videos.previewScript`, debounced as the form
 * changes), or, when the server writes with an AI endpoint, the one
 * `videos.writeScript` returned. Either way that exact script is sent with
 * `create`, so the video says what was previewed.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, CircleAlert, LoaderCircle, RefreshCw, Sparkles, WandSparkles } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/utils';
import { ASPECT_RATIOS, dimensionsFor, FPS, type AspectRatio, type Resolution } from '@/remotion/formats';
import type { Script } from '@/remotion/script';
import { durationInFramesFor, validateCustomerData } from '@/remotion/templates/registry';
import { errorDetails, issuesFor, normalizeField, toIssueMap, unclaimedIssues, type FieldIssue } from './errors';
import { exampleDataFor } from './examples';
import { formatDuration } from './format';
import { MessagingControls, type Messaging } from './messaging-controls';
import { FormatPicker } from './format-picker';
import { fieldId, schemaFieldPaths, SchemaFields, type JsonSchema } from './schema-form';
import { ScriptView } from './script-view';
import { TemplateGallery } from './template-gallery';
import type { TemplateInfo } from './types';
import { useDebounced } from './use-debounced';

const CompositionPreview = dynamic(() => import('./composition-preview').then((m) => m.CompositionPreview), {
  ssr: false,
  loading: () => (
    <div className="flex h-full w-full items-center justify-center rounded-xl bg-slate-900 text-sm text-slate-400">Loading the player…</div>
  ),
});

type CaptionMode = 'burned' | 'sidecar' | 'off';

const PLACEHOLDER_SHAPE: Record<AspectRatio, string> = {
  '9:16': 'aspect-[9/16] max-w-[300px]',
  '1:1': 'aspect-square max-w-[440px]',
  '16:9': 'aspect-video max-w-none',
};

const DEFAULT_MESSAGING: Messaging = { tone: 'friendly', length: 'medium', focus_points: [] };

function PreviewPlaceholder({ children, className, aspectRatio }: { children: React.ReactNode; className?: string; aspectRatio: AspectRatio }) {
  return (
    <div className={cn('mx-auto flex w-full items-center justify-center rounded-xl bg-slate-900 p-6 text-center text-sm text-slate-400', PLACEHOLDER_SHAPE[aspectRatio], className)}>
      {children}
    </div>
  );
}

export function Section({ step, title, description, aside, children }: { step: number; title: string; description?: string; aside?: React.ReactNode; children: React.ReactNode }) {
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 border-b border-slate-100 px-4 py-4 sm:px-6">
        <div className="flex min-w-0 items-start gap-3">
          <span className="mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700 ring-1 ring-inset ring-indigo-200">
            {step}
          </span>
          <div>
            <h2 className="text-base font-semibold text-slate-900">{title}</h2>
            {description && <p className="mt-0.5 text-sm text-slate-500">{description}</p>}
          </div>
        </div>
        {aside}
      </div>
      <div className="px-4 py-5 sm:px-6">{children}</div>
    </Card>
  );
}

function valueAt(data: Record<string, unknown>, path: string[]): unknown {
  let v: unknown = data;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** Focuses the input of a field, or of the nearest field that contains it (`features.2` → `features`). */
function focusField(field: string) {
  const parts = normalizeField(field).split('.');
  for (let n = parts.length; n >= 1; n--) {
    const el = document.getElementById(fieldId(parts.slice(0, n).join('.')));
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return;
    }
  }
}

/** "Welcome message for Sarah": the seed's naming, from the template and the viewer's first name. */
function autoTitle(template: TemplateInfo, data: Record<string, unknown>): string {
  const first = typeof data.first_name === 'string' ? data.first_name.trim() : '';
  return first ? `${template.name} for ${first}` : template.name;
}

export function CreateVideoForm({ templateId }: { templateId: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const templates = useQuery(trpc.videos.templates.queryOptions(undefined, { staleTime: 60_000 }));
  const template = templates.data?.find((t) => t.id === templateId);

  const header = (
    <div>
      <Link href="/videos" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
        <ArrowLeft className="h-4 w-4" /> Videos
      </Link>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Create a video</h1>
      <p className="mt-1 text-slate-600">
        {template ? 'Fill in who it is for, shape the message, and watch the preview update as you type.' : 'Start from a template. Each one is a complete video that personalizes itself from your customer data.'}
      </p>
    </div>
  );

  if (templates.isLoading) {
    return (
      <div className="space-y-6">
        {header}
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="h-80 animate-pulse rounded-xl bg-slate-200/70" />
          ))}
        </div>
      </div>
    );
  }
  if (templates.error || !templates.data) {
    return (
      <div className="space-y-6">
        {header}
        <Card className="p-6 text-sm text-red-700">Templates could not be loaded: {templates.error?.message ?? 'unknown error'}.</Card>
      </div>
    );
  }
  if (!template) {
    return (
      <div className="space-y-6">
        {header}
        {templateId && (
          <p className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-800 ring-1 ring-amber-200">
            There is no template “{templateId}”. Pick one below.
          </p>
        )}
        <TemplateGallery templates={templates.data} selected={null} onSelect={(id) => router.push(`/videos/new?template=${encodeURIComponent(id)}`)} />
      </div>
    );
  }
  return (
    <div className="space-y-6">
      {header}
      {/* Keyed by template: switching starts from the new template's example data. */}
      <VideoForm key={template.id} template={template} templates={templates.data} />
    </div>
  );
}

function VideoForm({ template, templates }: { template: TemplateInfo; templates: readonly TemplateInfo[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const messagingOptions = useQuery(trpc.videos.messagingOptions.queryOptions(undefined, { staleTime: Infinity }));
  const writerInfo = useQuery(trpc.videos.writerInfo.queryOptions(undefined, { staleTime: Infinity }));
  const projects = useQuery(trpc.projects.list.queryOptions());
  const schema = template.customer_data_schema as JsonSchema;

  const [changingTemplate, setChangingTemplate] = useState(false);
  const [customerData, setCustomerData] = useState<Record<string, unknown>>(() => exampleDataFor(template.id));
  const [messaging, setMessaging] = useState<Messaging>(DEFAULT_MESSAGING);
  const [aspectRatio, setAspectRatio] = useState<AspectRatio>(template.default_aspect_ratio as AspectRatio);
  const [resolution, setResolution] = useState<Resolution>('standard');
  // Other formats rendered with the video (aspect_ratios), and how it carries captions.
  const [extraRatios, setExtraRatios] = useState<AspectRatio[]>([]);
  const [captions, setCaptions] = useState<CaptionMode>('off');
  const [title, setTitle] = useState<string | null>(null);
  const [projectId, setProjectId] = useState('');
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState<null | 'draft' | 'create'>(null);

  // The brand kit's colour, logo and CTA link start in the form (Settings → Brand), so the preview shows them
  // and the request carries them; the server applies the same defaults to API requests that leave them out.
  const brandKit = useQuery(trpc.brand.get.queryOptions(undefined, { staleTime: 60_000 }));
  const kitApplied = useRef(false);
  useEffect(() => {
    const kit = brandKit.data;
    if (!kit || kitApplied.current) return;
    kitApplied.current = true;
    setCustomerData((prev) => {
      const next = { ...prev };
      const blank = (v: unknown) => v === undefined || v === null || v === '';
      if (kit.color && blank(next.brand_color)) next.brand_color = kit.color;
      if (kit.logo_url && blank(next.logo_url)) next.logo_url = kit.logo_url;
      if (kit.cta_url && blank(next.cta_url)) next.cta_url = kit.cta_url;
      return next;
    });
  }, [brandKit.data]);

  const titleValue = title ?? autoTitle(template, customerData);
  const aiWriter = writerInfo.data?.writer === 'ai';

  // Same check as the server (the template's zod schema), so most mistakes show before a round trip.
  const checked = useMemo(() => validateCustomerData(template.id, customerData), [template.id, customerData]);
  const clientIssues = useMemo<FieldIssue[]>(() => {
    const out: FieldIssue[] = [];
    if (!checked.ok) {
      for (const issue of checked.issues) {
        const value = valueAt(customerData, issue.field.split('.').slice(1));
        out.push({ field: issue.field, message: value === undefined || value === '' ? 'Required' : issue.message });
      }
    }
    if (!titleValue.trim()) out.push({ field: 'title', message: 'Required' });
    return out;
  }, [checked, customerData, titleValue]);
  // What the script depends on; aspect ratio and resolution only change the frame.
  const scriptInput = useMemo(
    () => ({ template_id: template.id, customer_data: checked.ok ? checked.data : null, ai_messaging: messaging }),
    [template.id, checked, messaging],
  );
  const debounced = useDebounced(scriptInput, 350);
  const preview = useQuery(
    trpc.videos.previewScript.queryOptions(
      { template_id: debounced.template_id, customer_data: debounced.customer_data ?? {}, ai_messaging: debounced.ai_messaging },
      { enabled: debounced.customer_data !== null, placeholderData: keepPreviousData, staleTime: Infinity, retry: false },
    ),
  );
  const visibleClientIssues = clientIssues.filter((i) => submitted || [...touched].some((t) => i.field === t || i.field.startsWith(`${t}.`)));
  // The preview query is a live server check too (e.g. a free-text focus point the API refuses).
  const previewIssues = errorDetails(preview.error);
  const issues = toIssueMap([...visibleClientIssues, ...serverIssues, ...previewIssues]);

  const claimedFields = useMemo(() => {
    const fields = new Set(['title', 'project_id', 'aspect_ratio', 'aspect_ratios', 'captions', 'resolution', 'script.length', ...schemaFieldPaths(schema, 'customer_data')]);
    return (field: string) => {
      const parts = normalizeField(field).split('.');
      if (parts[0] === 'ai_messaging') return true;
      // A nested path (features.2) shows on its field; extra keys have their own inputs.
      for (let n = parts.length; n >= 2; n--) if (fields.has(parts.slice(0, n).join('.'))) return true;
      return parts[0] === 'customer_data' && parts[1] !== undefined && parts[1] in customerData;
    };
  }, [schema, customerData]);
  const unclaimed = unclaimedIssues(toIssueMap(serverIssues), claimedFields);

  const dropServerIssues = (prefix: string) => setServerIssues((prev) => (prev.some((i) => i.field.startsWith(prefix)) ? prev.filter((i) => !i.field.startsWith(prefix)) : prev));
  const touch = (path: string) => setTouched((prev) => (prev.has(path) ? prev : new Set(prev).add(path)));

  // The customer_data a script was written for travels with it, so the player never mixes two edits.
  const [shown, setShown] = useState<{ customerData: Record<string, unknown>; script: Script } | null>(null);
  useEffect(() => {
    if (preview.data && !preview.isPlaceholderData && debounced.customer_data) {
      setShown({ customerData: debounced.customer_data, script: preview.data });
    }
  }, [preview.data, preview.isPlaceholderData, debounced.customer_data]);

  const writeScript = useMutation(trpc.videos.writeScript.mutationOptions());
  const [aiScript, setAiScript] = useState<{ key: string; customerData: Record<string, unknown>; script: Script; writer: string } | null>(null);
  const scriptKey = JSON.stringify(scriptInput);
  const aiFresh = aiScript !== null && aiScript.key === scriptKey;

  const runWriter = async (): Promise<Script> => {
    if (!scriptInput.customer_data) throw new Error('Fix the highlighted fields first');
    const key = scriptKey;
    const input = { template_id: scriptInput.template_id, customer_data: scriptInput.customer_data, ai_messaging: scriptInput.ai_messaging };
    const result = await writeScript.mutateAsync(input);
    setAiScript({ key, customerData: input.customer_data, script: result.script, writer: result.writer });
    return result.script;
  };

  /** The script to send with create: exactly what the render would otherwise write, fetched fresh if the preview lags. */
  const resolveScript = async (): Promise<Script> => {
    if (aiWriter) return aiFresh && aiScript ? aiScript.script : runWriter();
    if (!scriptInput.customer_data) throw new Error('Fix the highlighted fields first');
    return queryClient.fetchQuery(
      trpc.videos.previewScript.queryOptions(
        { template_id: scriptInput.template_id, customer_data: scriptInput.customer_data, ai_messaging: scriptInput.ai_messaging },
        { staleTime: Infinity },
      ),
    );
  };

  const create = useMutation(trpc.videos.create.mutationOptions());

  // The extra formats still offered (the main ratio or the template may have changed since they were ticked).
  const extras = ASPECT_RATIOS.filter((r) => r !== aspectRatio && extraRatios.includes(r) && template.aspect_ratios.includes(r));

  const submit = async (draft: boolean) => {
    setSubmitted(true);
    setFormError(null);
    setServerIssues([]);
    if (clientIssues.length) {
      const first = clientIssues[0];
      if (first) focusField(first.field);
      return;
    }
    setPending(draft ? 'draft' : 'create');
    try {
      const script = await resolveScript();
      const created = await create.mutateAsync({
        title: titleValue.trim(),
        template_id: template.id,
        customer_data: customerData,
        ai_messaging: messaging,
        aspect_ratio: aspectRatio,
        ...(extras.length ? { aspect_ratios: [aspectRatio, ...extras] } : {}),
        captions,
        resolution,
        project_id: projectId || undefined,
        draft: draft || undefined,
        script,
      });
      await queryClient.invalidateQueries(trpc.videos.list.pathFilter());
      router.push(`/videos/${created.id}`);
    } catch (err) {
      setPending(null);
      const details = errorDetails(err);
      if (details.length) {
        setServerIssues(details);
        const first = details.find((d) => claimedFields(d.field));
        if (first) focusField(first.field);
      } else {
        setFormError(err instanceof Error ? err.message : 'Something went wrong. Try again.');
      }
    }
  };

  const playing = aiWriter && aiScript ? { customerData: aiScript.customerData, script: aiScript.script } : shown;
  const seconds = playing ? durationInFramesFor(template.id, playing.script) / FPS : null;
  const { width, height } = dimensionsFor(aspectRatio, resolution);

  return (
    <div className="space-y-6">
      <Card className="px-5 py-4">
        <div className="flex items-center justify-between gap-4">
          <div className="min-w-0">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Template</p>
            <p className="font-semibold text-slate-900" data-testid="selected-template">
              {template.name}
            </p>
            <p className="line-clamp-1 text-sm text-slate-500" title={template.description}>
              {template.description}
            </p>
          </div>
          <Button variant="secondary" size="sm" className="shrink-0" onClick={() => setChangingTemplate((v) => !v)}>
            {changingTemplate ? 'Keep this template' : 'Change template'}
          </Button>
        </div>
        {changingTemplate && (
          <div className="pt-4">
            <TemplateGallery
              compact
              templates={templates}
              selected={template.id}
              onSelect={(id) => {
                setChangingTemplate(false);
                if (id !== template.id) router.replace(`/videos/new?template=${encodeURIComponent(id)}`);
              }}
            />
          </div>
        )}
      </Card>

      {(unclaimed.length > 0 || formError) && (
        <div role="alert" className="flex gap-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
          <CircleAlert className="mt-0.5 h-4 w-4 shrink-0" />
          <div>
            {formError && <p>{formError}</p>}
            {unclaimed.map((i) => (
              <p key={`${i.field}:${i.message}`}>
                <code className="font-mono text-xs">{i.field}</code>: {i.message}
              </p>
            ))}
          </div>
        </div>
      )}

      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 xl:grid-cols-[minmax(0,1fr)_360px] 2xl:grid-cols-[minmax(0,1fr)_400px]">
        <form className="space-y-6" noValidate onSubmit={(e) => e.preventDefault()} aria-label="Video settings">
          <Section step={1} title="Customer data" description="Who the video is for. Fields come from the template; * is required.">
            <SchemaFields
              schema={schema}
              value={customerData}
              onChange={(next) => {
                setCustomerData(next);
                dropServerIssues('customer_data');
              }}
              pathPrefix="customer_data"
              issues={issues}
              onBlur={touch}
            />
          </Section>

          <Section
            step={2}
            title="AI messaging"
            description="How the script sounds and what it covers."
            aside={
              writerInfo.data && (
                <span
                  className={cn(
                    'inline-flex shrink-0 items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
                    aiWriter ? 'bg-violet-50 text-violet-700 ring-violet-200' : 'bg-slate-50 text-slate-600 ring-slate-200',
                  )}
                  title={aiWriter ? 'Scripts are written by the AI model configured on this server.' : 'Scripts are written by the built-in writer: instant and deterministic.'}
                >
                  <Sparkles className="h-3 w-3" /> {aiWriter ? 'AI writer' : 'Built-in writer'}
                </span>
              )
            }
          >
            {messagingOptions.data && writerInfo.data ? (
              <MessagingControls
                options={messagingOptions.data}
                value={messaging}
                onChange={(next) => {
                  setMessaging(next);
                  dropServerIssues('ai_messaging');
                  dropServerIssues('script');
                }}
                maxFocusPoints={writerInfo.data.maxFocusPoints}
                scenes={template.scenes?.[messaging.length]}
                issues={issues}
              />
            ) : (
              <div className="space-y-4">
                <div className="h-9 animate-pulse rounded-lg bg-slate-100" />
                <div className="h-9 animate-pulse rounded-lg bg-slate-100" />
                <div className="h-16 animate-pulse rounded-lg bg-slate-100" />
              </div>
            )}
          </Section>

          <Section step={3} title="Format" description="Where the video will be watched.">
            <FormatPicker
              supported={template.aspect_ratios}
              aspectRatio={aspectRatio}
              resolution={resolution}
              onAspectRatio={(r) => {
                setAspectRatio(r);
                dropServerIssues('aspect_ratio');
              }}
              onResolution={(r) => {
                setResolution(r);
                dropServerIssues('resolution');
              }}
              aspectErrors={issuesFor(issues, 'aspect_ratio')}
              resolutionErrors={issuesFor(issues, 'resolution')}
            />
            <div className="mt-6 grid gap-x-4 gap-y-5 sm:grid-cols-2">
              <fieldset id={fieldId('aspect_ratios')}>
                <legend className="text-sm font-medium text-slate-800">Also render as</legend>
                <div className="mt-1.5 flex flex-wrap gap-x-4 gap-y-2">
                  {ASPECT_RATIOS.filter((r) => r !== aspectRatio && template.aspect_ratios.includes(r)).map((r) => (
                    <label key={r} className="flex items-center gap-2 text-sm text-slate-800">
                      <input
                        type="checkbox"
                        className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                        checked={extraRatios.includes(r)}
                        onChange={(e) => {
                          setExtraRatios((prev) => (e.target.checked ? [...prev, r] : prev.filter((x) => x !== r)));
                          dropServerIssues('aspect_ratios');
                        }}
                      />
                      {r}
                    </label>
                  ))}
                </div>
                {issuesFor(issues, 'aspect_ratios').length > 0 ? (
                  <p role="alert" className="mt-1 text-xs text-red-600">
                    {issuesFor(issues, 'aspect_ratios').join(' · ')}
                  </p>
                ) : (
                  <p className="mt-1 text-xs text-slate-500">The same video in more formats: one script, one link, one set of analytics.</p>
                )}
              </fieldset>
              <div>
                <label htmlFor={fieldId('captions')} className="text-sm font-medium text-slate-800">
                  Captions
                </label>
                <select
                  id={fieldId('captions')}
                  value={captions}
                  onChange={(e) => {
                    setCaptions(e.target.value as CaptionMode);
                    dropServerIssues('captions');
                  }}
                  className="mt-1 block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 outline-none focus:ring-2 focus:ring-indigo-600"
                >
                  <option value="off">Off</option>
                  <option value="burned">Burned into the picture</option>
                  <option value="sidecar">Track viewers can turn on (WebVTT)</option>
                </select>
                <p className="mt-1 text-xs text-slate-500">Most viewers watch muted. Either way a WebVTT file is stored with the video.</p>
              </div>
            </div>
          </Section>

          <Section step={4} title="Details" description="For you and your team; viewers see the title on the watch page.">
            <div className="grid gap-x-4 gap-y-5 sm:grid-cols-2">
              <div className="sm:col-span-2">
                <label htmlFor={fieldId('title')} className="text-sm font-medium text-slate-800">
                  Title <span className="text-red-600" aria-hidden>*</span>
                </label>
                <Input
                  id={fieldId('title')}
                  className="mt-1"
                  value={titleValue}
                  maxLength={200}
                  aria-invalid={issuesFor(issues, 'title').length > 0 || undefined}
                  onChange={(e) => {
                    setTitle(e.target.value);
                    dropServerIssues('title');
                  }}
                  onBlur={() => touch('title')}
                />
                {issuesFor(issues, 'title').length > 0 ? (
                  <p role="alert" className="mt-1 text-xs text-red-600">
                    {issuesFor(issues, 'title').join(' · ')}
                  </p>
                ) : (
                  <p className="mt-1 text-xs text-slate-500">{title === null ? 'Follows the first name until you edit it.' : '\u00a0'}</p>
                )}
              </div>
              <div>
                <label htmlFor={fieldId('project_id')} className="text-sm font-medium text-slate-800">
                  Project
                </label>
                <select
                  id={fieldId('project_id')}
                  value={projectId}
                  onChange={(e) => {
                    setProjectId(e.target.value);
                    dropServerIssues('project_id');
                  }}
                  aria-invalid={issuesFor(issues, 'project_id').length > 0 || undefined}
                  className="mt-1 block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-500"
                >
                  <option value="">No project</option>
                  {projects.data?.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
                {issuesFor(issues, 'project_id').length > 0 ? (
                  <p role="alert" className="mt-1 text-xs text-red-600">
                    {issuesFor(issues, 'project_id').join(' · ')}
                  </p>
                ) : (
                  <p className="mt-1 text-xs text-slate-500">{projects.data?.length === 0 ? 'No projects yet: create them with the API.' : 'Group related videos.'}</p>
                )}
              </div>
            </div>
          </Section>
        </form>

        <aside className="space-y-4 xl:sticky xl:top-6" aria-label="Preview">
          <Card>
            <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-5 py-3">
              <h2 className="text-sm font-semibold text-slate-900">Live preview</h2>
              <p className="flex items-center gap-2 text-xs text-slate-500" data-testid="preview-meta">
                {(preview.isFetching || writeScript.isPending) && <LoaderCircle className="h-3.5 w-3.5 animate-spin text-indigo-500" aria-label="Updating" />}
                <span>{aspectRatio}</span>
                <span aria-hidden>·</span>
                <span>
                  {width}×{height}
                </span>
                {seconds !== null && (
                  <>
                    <span aria-hidden>·</span>
                    <span>{formatDuration(seconds)}</span>
                  </>
                )}
              </p>
            </div>
            <div className="bg-slate-50/60 p-4">
              {playing ? (
                // Sized like the player, so the loading placeholder already has the video's shape.
                <div className={cn('mx-auto w-full', PLACEHOLDER_SHAPE[aspectRatio])}>
                  <CompositionPreview
                    templateId={template.id}
                    customerData={playing.customerData}
                    script={playing.script}
                    aspectRatio={aspectRatio}
                    resolution={resolution}
                    burnedCaptions={captions === 'burned'}
                  />
                </div>
              ) : preview.error ? (
                <PreviewPlaceholder aspectRatio={aspectRatio} className="text-red-300">The preview could not be written: {preview.error.message}</PreviewPlaceholder>
              ) : !checked.ok ? (
                <PreviewPlaceholder aspectRatio={aspectRatio}>Fill in the required fields to see the preview.</PreviewPlaceholder>
              ) : (
                <PreviewPlaceholder aspectRatio={aspectRatio}>
                  <LoaderCircle className="h-5 w-5 animate-spin" aria-label="Loading preview" />
                </PreviewPlaceholder>
              )}
              {playing && (!checked.ok || previewIssues.length > 0) && (
                <p className="mt-3 flex items-start gap-1.5 text-xs text-amber-700">
                  <CircleAlert className="mt-px h-3.5 w-3.5 shrink-0" />
                  Showing the last valid version: fix the highlighted fields to update it.
                </p>
              )}
              {aiWriter && (
                <div className="mt-3 flex items-center justify-between gap-2 rounded-lg bg-violet-50 px-3 py-2 text-xs text-violet-800 ring-1 ring-inset ring-violet-200">
                  <span>
                    {!aiScript
                      ? 'Showing the built-in draft. Write the script with your AI model to preview the real one.'
                      : aiFresh
                        ? `Script written by ${aiScript.writer === 'ai' ? 'your AI model' : 'the built-in writer (the AI model failed)'}.`
                        : 'The form changed since this script was written.'}
                  </span>
                  <Button
                    size="sm"
                    variant="secondary"
                    className="h-7 shrink-0"
                    disabled={writeScript.isPending || !checked.ok}
                    onClick={() => void runWriter().catch((e: unknown) => setFormError(e instanceof Error ? e.message : 'The script could not be written'))}
                  >
                    {aiScript ? <RefreshCw className="h-3.5 w-3.5" /> : <WandSparkles className="h-3.5 w-3.5" />}
                    {aiScript ? 'Rewrite' : 'Write script'}
                  </Button>
                </div>
              )}
            </div>
          </Card>

          <Card className="space-y-2 p-4">
            <Button className="w-full" size="lg" disabled={pending !== null} onClick={() => void submit(false)}>
              {pending === 'create' && <LoaderCircle className="h-4 w-4 animate-spin" />}
              Create video
            </Button>
            <Button className="w-full" variant="secondary" disabled={pending !== null} onClick={() => void submit(true)}>
              {pending === 'draft' && <LoaderCircle className="h-4 w-4 animate-spin" />}
              Save draft
            </Button>
            <p className="pt-1 text-center text-xs text-slate-500">Create starts rendering now; a draft waits until you submit it.</p>
          </Card>

          {playing && (
            <Card>
              <details className="group" open>
                <summary className="cursor-pointer select-none border-b border-slate-100 px-5 py-3 text-sm font-semibold text-slate-900">Script</summary>
                <div className="px-5 py-4">
                  <ScriptView script={playing.script} compact />
                </div>
              </details>
            </Card>
          )}
        </aside>
      </div>
    </div>
  );
}
