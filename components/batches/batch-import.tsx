'use client';
/**
 * /batches/new: one video per row of a CSV. Pick the template and the
 * message every video shares, upload the CSV (read in the browser:
 * papaparse, UTF-8 only, 5 MB / 1,000 rows), map its columns to the
 * template's fields (matched by name, required ones enforced), preview any
 * row in the live Player, see every row's errors from the server's own
 * checks before anything starts, then start the batch: each valid row
 * becomes a video, invalid rows are listed with their errors.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, CircleAlert, CircleCheck, Download, FileSpreadsheet, LoaderCircle, Upload } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Input, Label } from '@/components/ui/input';
import { Section } from '@/components/videos/create-video-form';
import { errorDetails, toIssueMap } from '@/components/videos/errors';
import { exampleDataFor } from '@/components/videos/examples';
import { MessagingControls, type Messaging } from '@/components/videos/messaging-controls';
import { useDebounced } from '@/components/videos/use-debounced';
import { cn } from '@/lib/utils';
import type { AspectRatio } from '@/remotion/formats';
import { downloadText, RowErrors } from './row-errors';
import { autoMap, CsvError, csvFields, MAX_CSV_ROWS, parseCsvBytes, rowToItem, unmappedRequired, type ParsedCsv } from './csv-import';

const CompositionPreview = dynamic(() => import('@/components/videos/composition-preview').then((m) => m.CompositionPreview), {
  ssr: false,
  loading: () => <div className="flex aspect-[9/16] w-full max-w-[260px] items-center justify-center rounded-xl bg-slate-900 text-sm text-slate-400">Loading the player…</div>,
});

type CaptionMode = 'burned' | 'sidecar' | 'off';
type RowCheck = { row: number; title: string | null; errors: Array<{ field: string; message: string }> };

const CAPTION_OPTIONS: Array<{ value: CaptionMode; label: string }> = [
  { value: 'burned', label: 'Burned in (for muted autoplay)' },
  { value: 'sidecar', label: 'Separate WebVTT file' },
  { value: 'off', label: 'No captions' },
];

const selectClass = 'block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 outline-none';

/** A two-row example CSV for the template: the columns auto-mapping understands. */
function exampleCsv(templateId: string, fields: ReturnType<typeof csvFields>): string {
  const example = exampleDataFor(templateId);
  const value = (path: string) => {
    let v: unknown = example;
    for (const key of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return Array.isArray(v) ? v.join('; ') : v === undefined || v === null || typeof v === 'object' ? '' : String(v);
  };
  const columns = fields.filter((f) => f.path !== 'title' && !/(^|_)(color|url)$/.test(f.path));
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [columns.map((f) => f.path), columns.map((f) => quote(value(f.path))), columns.map((f) => quote(f.path === 'first_name' ? 'Miguel' : value(f.path)))];
  return `${rows.map((r) => r.join(',')).join('\n')}\n`;
}

export function BatchImport() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const templates = useQuery(trpc.videos.templates.queryOptions(undefined, { staleTime: 60_000 }));
  const messagingOptions = useQuery(trpc.videos.messagingOptions.queryOptions(undefined, { staleTime: Infinity }));
  const writerInfo = useQuery(trpc.videos.writerInfo.queryOptions(undefined, { staleTime: Infinity }));

  const [templateId, setTemplateId] = useState('tmpl_welcome_message');
  const template = templates.data?.find((t) => t.id === templateId);
  const [name, setName] = useState('');
  const [messaging, setMessaging] = useState<Messaging>({ tone: 'friendly', length: 'short', focus_points: [] });
  const [ratios, setRatios] = useState<AspectRatio[]>(['9:16']);
  const [captions, setCaptions] = useState<CaptionMode>('burned');
  const [file, setFile] = useState<{ name: string; csv: ParsedCsv } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [selectedRow, setSelectedRow] = useState(0);
  const [startError, setStartError] = useState<string | null>(null);

  const fields = useMemo(() => (template ? csvFields(template.customer_data_schema as never) : []), [template]);
  const missing = unmappedRequired(fields, mapping);
  const supported = (template?.aspect_ratios ?? ['9:16', '16:9', '1:1']) as AspectRatio[];

  // A new file or template maps its columns again by name.
  useEffect(() => {
    if (file) setMapping(autoMap(file.csv.headers, fields));
  }, [file, fields]);
  useEffect(() => {
    if (template) setRatios((prev) => (prev.every((r) => supported.includes(r)) && prev.length ? prev : [template.default_aspect_ratio as AspectRatio]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [template]);

  const items = useMemo(() => (file ? file.csv.rows.map((row) => rowToItem(file.csv.headers, row, fields, mapping)) : []), [file, fields, mapping]);
  const request = useMemo(
    () => ({
      template_id: templateId,
      name: name.trim() || undefined,
      ai_messaging: messaging,
      aspect_ratio: ratios[0],
      ...(ratios.length > 1 ? { aspect_ratios: ratios } : {}),
      captions,
      items,
    }),
    [templateId, name, messaging, ratios, captions, items],
  );

  // Every row checked by the server with the create's own rules, as the mapping settles.
  const check = useMutation(trpc.batches.check.mutationOptions());
  const debouncedRequest = useDebounced(request, 400);
  const ready = !!file && missing.length === 0 && items.length > 0;
  useEffect(() => {
    if (ready && debouncedRequest.items.length) check.mutate(debouncedRequest);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedRequest, ready]);
  const checkIssues = errorDetails(check.error);
  const rows: RowCheck[] = check.data?.rows ?? [];
  const invalidRows = rows.filter((r) => r.errors.length);

  const preview = useQuery(
    trpc.videos.previewScript.queryOptions(
      { template_id: templateId, customer_data: items[selectedRow]?.customer_data ?? {}, ai_messaging: messaging },
      { enabled: ready && !!items[selectedRow] && !rows[selectedRow]?.errors.length, placeholderData: keepPreviousData, retry: false },
    ),
  );

  const create = useMutation(trpc.batches.create.mutationOptions());
  const start = async () => {
    setStartError(null);
    try {
      const created = await create.mutateAsync({ ...request, file_name: file?.name });
      await queryClient.invalidateQueries(trpc.batches.list.pathFilter());
      toast.success('Batch started', { description: `${check.data?.valid ?? ''} videos are rendering.` });
      router.push(`/batches/${created.id}`);
    } catch (err) {
      const details = errorDetails(err);
      setStartError(details.length ? details.map((d) => `${d.field}: ${d.message}`).join('; ') : err instanceof Error ? err.message : 'Could not start the batch');
    }
  };

  const readFile = async (f: File | undefined) => {
    setFileError(null);
    setFile(null);
    check.reset();
    setSelectedRow(0);
    if (!f) return;
    try {
      const csv = parseCsvBytes(new Uint8Array(await f.arrayBuffer()), f.name);
      setFile({ name: f.name, csv });
    } catch (err) {
      setFileError(err instanceof CsvError ? err.message : `${f.name} could not be read.`);
    }
  };

  const downloadExample = () => downloadText(`${templateId.replace(/^tmpl_/, '')}-example.csv`, exampleCsv(templateId, fields));

  const settingsIssues = toIssueMap(checkIssues);
  const previewItem = items[selectedRow];

  return (
    <div className="space-y-6">
      <div>
        <Link href="/batches" className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800">
          <ArrowLeft className="h-4 w-4" /> Batches
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Import a CSV</h1>
        <p className="mt-1 text-slate-600">One personalized video per row: pick the template and message, upload your list, check it, start.</p>
      </div>

      <Section step={1} title="Template and message" description="What every video of the batch shares.">
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <Label htmlFor="batch-template">Template</Label>
            <select id="batch-template" className={cn(selectClass, 'mt-1')} value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
              {(templates.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <Label htmlFor="batch-name">Batch name</Label>
            <Input id="batch-name" className="mt-1" placeholder={template ? `${template.name} · ${items.length || 'N'} people` : ''} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Formats</legend>
            <div className="mt-2 flex flex-wrap gap-3">
              {supported.map((r) => (
                <label key={r} className="inline-flex items-center gap-2 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    className="h-4 w-4 rounded border-slate-300 text-indigo-600"
                    checked={ratios.includes(r)}
                    disabled={ratios.length === 1 && ratios[0] === r}
                    onChange={(e) => setRatios((prev) => (e.target.checked ? [...prev, r] : prev.filter((x) => x !== r)))}
                  />
                  {r}
                  {ratios[0] === r && ratios.length > 1 && <span className="text-xs text-slate-500">(main)</span>}
                </label>
              ))}
            </div>
            <p className="mt-1 text-xs text-slate-500">Each video is rendered in every format checked; the first is its main one.</p>
          </fieldset>
          <div>
            <Label htmlFor="batch-captions">Captions</Label>
            <select id="batch-captions" className={cn(selectClass, 'mt-1')} value={captions} onChange={(e) => setCaptions(e.target.value as CaptionMode)}>
              {CAPTION_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        {messagingOptions.data && writerInfo.data && (
          <div className="mt-6">
            <MessagingControls
              options={messagingOptions.data}
              value={messaging}
              onChange={setMessaging}
              maxFocusPoints={writerInfo.data.maxFocusPoints}
              scenes={template?.scenes?.[messaging.length]}
              issues={settingsIssues}
            />
          </div>
        )}
      </Section>

      <Section
        step={2}
        title="Upload your list"
        description={`A CSV in UTF-8 with a header line, at most ${MAX_CSV_ROWS} rows and 5 MB.`}
        aside={
          <Button variant="secondary" size="sm" onClick={downloadExample} disabled={!template}>
            <Download className="h-4 w-4" /> Example CSV
          </Button>
        }
      >
        <label
          htmlFor="batch-file"
          className="flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed border-slate-300 px-4 py-8 text-center hover:border-indigo-400 hover:bg-indigo-50/40"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void readFile(e.dataTransfer.files[0]);
          }}
        >
          {file ? <FileSpreadsheet className="h-8 w-8 text-indigo-600" aria-hidden /> : <Upload className="h-8 w-8 text-slate-400" aria-hidden />}
          <span className="text-sm font-medium text-slate-800">{file ? file.name : 'Choose a CSV file or drop it here'}</span>
          <span className="text-xs text-slate-500">
            {file ? `${file.csv.rows.length} rows · ${file.csv.headers.length} columns: ${file.csv.headers.join(', ')}` : 'Exports from a spreadsheet or a CRM work as they are.'}
          </span>
          <input id="batch-file" type="file" accept=".csv,text/csv" className="sr-only" onChange={(e) => void readFile(e.target.files?.[0])} />
        </label>
        {fileError && (
          <p role="alert" className="mt-3 flex gap-2 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
            <CircleAlert className="mt-0.5 h-4 w-4 shrink-0" /> {fileError}
          </p>
        )}
      </Section>

      {file && (
        <Section step={3} title="Match the columns" description="Each template field takes one column; fields marked * must have one.">
          <div className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
            {fields.map((f) => {
              const id = `map-${f.path.replace(/\./g, '-')}`;
              const unmapped = f.required && !mapping[f.path];
              return (
                <div key={f.path}>
                  <Label htmlFor={id}>
                    {f.label}
                    {f.required && <span className="text-red-600"> *</span>} <code className="ml-1 font-mono text-xs font-normal text-slate-500">{f.path}</code>
                  </Label>
                  <select
                    id={id}
                    aria-invalid={unmapped || undefined}
                    className={cn(selectClass, 'mt-1', unmapped && 'ring-red-500')}
                    value={mapping[f.path] ?? ''}
                    onChange={(e) => setMapping((m) => ({ ...m, [f.path]: e.target.value || null }))}
                  >
                    <option value="">{f.path === 'title' ? '— automatic title —' : '— not used —'}</option>
                    {file.csv.headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                  {unmapped && <p className="mt-1 text-xs text-red-600">Required: pick the column that holds it.</p>}
                </div>
              );
            })}
          </div>
        </Section>
      )}

      {file && missing.length === 0 && (
        <Section
          step={4}
          title="Check and preview"
          description="Every row is checked as the API checks a video. Click a row to preview its video."
          aside={
            check.isPending ? (
              <span className="inline-flex items-center gap-1 text-sm text-slate-500">
                <LoaderCircle className="h-4 w-4 animate-spin" /> Checking…
              </span>
            ) : check.data ? (
              <span className="text-sm text-slate-700" data-testid="check-summary">
                <strong>{check.data.valid}</strong> ready · <strong className={cn(check.data.invalid && 'text-red-700')}>{check.data.invalid}</strong> with errors
              </span>
            ) : null
          }
        >
          {checkIssues.length > 0 && (
            <div role="alert" className="mb-4 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
              {checkIssues.map((i) => (
                <p key={i.field + i.message}>
                  <code className="font-mono text-xs">{i.field}</code>: {i.message}
                </p>
              ))}
            </div>
          )}
          <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_280px]">
            <div className="max-h-[28rem] overflow-auto rounded-lg ring-1 ring-slate-200">
              <table className="w-full text-left text-sm">
                <thead className="sticky top-0 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-3 py-2">Row</th>
                    <th scope="col" className="px-3 py-2">Title</th>
                    <th scope="col" className="px-3 py-2">Check</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {items.map((item, i) => {
                    const result = rows[i];
                    return (
                      <tr
                        key={i}
                        data-testid="import-row"
                        data-row={i}
                        aria-selected={selectedRow === i}
                        className={cn('cursor-pointer align-top hover:bg-slate-50', selectedRow === i && 'bg-indigo-50/60')}
                        onClick={() => setSelectedRow(i)}
                      >
                        <td className="px-3 py-2 tabular-nums text-slate-500">{i + 1}</td>
                        <td className="px-3 py-2">
                          <button type="button" className="text-left font-medium text-slate-900 hover:text-indigo-700" onClick={() => setSelectedRow(i)}>
                            {result?.title ?? item.title ?? String(item.customer_data.first_name ?? '—')}
                          </button>
                        </td>
                        <td className="px-3 py-2">
                          {!result ? (
                            <span className="text-slate-400">…</span>
                          ) : result.errors.length ? (
                            <RowErrors errors={result.errors} />
                          ) : (
                            <span className="inline-flex items-center gap-1 text-xs text-emerald-700">
                              <CircleCheck className="h-3.5 w-3.5" aria-hidden /> Ready
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="space-y-2">
              <p className="text-sm font-medium text-slate-800">Row {selectedRow + 1}</p>
              {rows[selectedRow]?.errors.length ? (
                <div className="rounded-xl bg-slate-100 p-6 text-center text-sm text-slate-600">This row has errors; fix them in the file to make its video.</div>
              ) : preview.data && previewItem ? (
                <CompositionPreview
                  templateId={templateId}
                  customerData={previewItem.customer_data}
                  script={preview.data}
                  aspectRatio={ratios[0] ?? '9:16'}
                  resolution="standard"
                  className="max-w-[260px]"
                />
              ) : (
                <div className="flex aspect-[9/16] w-full max-w-[260px] items-center justify-center rounded-xl bg-slate-900 text-sm text-slate-400">Preparing the preview…</div>
              )}
            </div>
          </div>
          {invalidRows.length > 0 && (
            <p className="mt-4 text-sm text-slate-600">
              Rows with errors are skipped: the batch lists them with their errors, and the other {check.data?.valid ?? 0} videos start.
            </p>
          )}
          {startError && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
              {startError}
            </p>
          )}
          <div className="mt-5 flex flex-wrap items-center gap-3">
            <Button onClick={() => void start()} disabled={!check.data || check.data.valid === 0 || check.isPending || create.isPending} data-testid="start-batch">
              {create.isPending && <LoaderCircle className="h-4 w-4 animate-spin" />}
              {check.data ? `Start ${check.data.valid} ${check.data.valid === 1 ? 'video' : 'videos'}` : 'Start'}
            </Button>
          </div>
        </Section>
      )}
      {file && missing.length > 0 && (
        <Card className="px-5 py-4 text-sm text-slate-600">Match {missing.map((f) => f.label).join(', ')} to a column to check the rows.</Card>
      )}
    </div>
  );
}
