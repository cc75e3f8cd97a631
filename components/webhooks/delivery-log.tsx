'use client';
/**
 * One endpoint's delivery log: newest first, a page at a time (cursor), with
 * each delivery's attempts (status, latency, the first 2 KB of the answer,
 * error, next retry), the payload sent, and "Redeliver". Refreshes itself
 * while deliveries are pending.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ChevronDown, ChevronLeft, ChevronRight, ChevronUp, RefreshCw, RotateCcw } from 'lucide-react';
import { Fragment, useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/input';
import { formatDateTime, formatRelative } from '@/components/videos/format';
import type { DeliveryOutput } from '@/server/webhooks/schemas';
import { AttemptOutcomeBadge, DeliveryStatusBadge } from './badges';

const PAGE_SIZE = 10;
type StatusFilter = '' | 'pending' | 'succeeded' | 'failed';

/**
 * How often to refresh: quickly while an attempt is due within a minute,
 * slowly while retries are hours away (a delivery can stay pending for days).
 */
function pollInterval(deliveries: readonly DeliveryOutput[] | undefined): number | false {
  const pending = deliveries?.filter((d) => d.status === 'pending') ?? [];
  if (pending.length === 0) return false;
  const soon = pending.some((d) => !d.next_attempt_at || Date.parse(d.next_attempt_at) - Date.now() < 60_000);
  return soon ? 2_000 : 30_000;
}

function lastResult(d: DeliveryOutput): string {
  if (d.last_status_code !== null) return `HTTP ${d.last_status_code}`;
  if (d.last_error) return d.last_error;
  return '—';
}

function DeliveryDetail({ endpointId, delivery, canRedeliver }: { endpointId: string; delivery: DeliveryOutput; canRedeliver: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery({
    ...trpc.webhooks.delivery.queryOptions({ endpointId, deliveryId: delivery.id }),
    refetchInterval: (q) => pollInterval(q.state.data ? [q.state.data] : undefined),
  });
  const again = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() }),
    }),
  );
  const data = detail.data;
  return (
    <div className="space-y-4 bg-slate-50/70 px-6 py-4" data-testid="delivery-detail">
      {detail.isLoading && <p className="text-sm text-slate-500">Loading…</p>}
      {data && (
        <>
          <div>
            <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500">Attempts</h4>
            {data.attempts.length === 0 && <p className="mt-1 text-sm text-slate-500">Not attempted yet.</p>}
            <ol className="mt-2 space-y-2">
              {data.attempts.map((a) => (
                <li key={a.number} className="rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200" data-testid="attempt">
                  <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
                    <span className="font-medium text-slate-900">#{a.number}</span>
                    <AttemptOutcomeBadge attempt={a} />
                    <span className="font-mono text-xs">{a.status_code !== null ? `HTTP ${a.status_code}` : 'no response'}</span>
                    {a.duration_ms !== null && <span className="text-slate-600">{a.duration_ms} ms</span>}
                    <span className="text-slate-500">{formatDateTime(a.started_at)}</span>
                    {a.next_retry_at && (
                      <span className="text-amber-700">next retry {formatRelative(a.next_retry_at)}</span>
                    )}
                  </div>
                  {a.error && (
                    <p className="mt-1 text-red-700">
                      <span className="font-mono text-xs">{a.error.code}</span> {a.error.message}
                    </p>
                  )}
                  {a.response_body ? (
                    <pre className="mt-2 max-h-40 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">
                      {a.response_body}
                      {a.response_truncated && <span className="text-slate-400"> … (truncated at 2 KB)</span>}
                    </pre>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
          <details>
            <summary className="cursor-pointer text-xs font-medium uppercase tracking-wide text-slate-500">Payload</summary>
            <pre className="mt-2 max-h-64 overflow-auto rounded bg-white p-3 font-mono text-xs ring-1 ring-slate-200">
              {JSON.stringify(data.payload, null, 2)}
            </pre>
          </details>
          <div className="flex items-center gap-3">
            <Button
              size="sm"
              variant="secondary"
              disabled={!canRedeliver || again.isPending}
              title={canRedeliver ? undefined : 'Enable the endpoint to redeliver'}
              onClick={() => again.mutate({ endpointId, deliveryId: delivery.id })}
            >
              <RotateCcw className="h-4 w-4" /> Redeliver
            </Button>
            {again.isSuccess && <span className="text-sm text-emerald-700">Queued as a new delivery.</span>}
            <FieldError message={again.error?.message} />
          </div>
        </>
      )}
    </div>
  );
}

export function DeliveryLog({ endpointId, canRedeliver }: { endpointId: string; canRedeliver: boolean }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<StatusFilter>('');
  // Cursors of the pages before the current one, to step back to newer deliveries.
  const [cursors, setCursors] = useState<Array<string | undefined>>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({
      endpointId,
      query: { limit: PAGE_SIZE, cursor, status: status || undefined },
    }),
    refetchInterval: (q) => pollInterval(q.state.data?.data),
  });

  return (
    <div data-testid="delivery-log">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-6 py-3">
        <h3 className="text-sm font-semibold text-slate-900">Delivery log</h3>
        <div className="flex items-center gap-2 text-sm">
          <select
            aria-label="Filter deliveries by status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as StatusFilter);
              setCursor(undefined);
              setCursors([]);
            }}
            className="h-8 rounded-md border-0 bg-white px-2 text-sm ring-1 ring-inset ring-slate-300 outline-none focus:ring-2 focus:ring-indigo-600"
          >
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value="succeeded">Delivered</option>
            <option value="failed">Failed</option>
          </select>
          <Button size="sm" variant="ghost" onClick={() => void list.refetch()} aria-label="Refresh the log">
            <RefreshCw className={list.isFetching ? 'h-4 w-4 animate-spin' : 'h-4 w-4'} />
          </Button>
        </div>
      </div>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-100 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2 sm:px-6">Event</th>
              <th className="px-3 py-2">Status</th>
              <th className="hidden px-3 py-2 md:table-cell">Attempts</th>
              <th className="hidden px-3 py-2 md:table-cell">Last result</th>
              <th className="hidden px-3 py-2 md:table-cell">Created</th>
              <th className="px-4 py-2 sm:px-6">
                <span className="sr-only">Details</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.isLoading && (
              <tr>
                <td colSpan={6} className="px-6 py-4 text-slate-500">
                  Loading…
                </td>
              </tr>
            )}
            {list.data?.data.length === 0 && (
              <tr>
                <td colSpan={6} className="px-6 py-4 text-slate-500">
                  No deliveries{status ? ' with this status' : ' yet. Send a test event to try the endpoint'}.
                </td>
              </tr>
            )}
            {list.data?.data.map((d) => (
              <Fragment key={d.id}>
                <tr data-testid="delivery-row" className={open === d.id ? 'bg-slate-50/70' : undefined}>
                  <td className="px-4 py-2 sm:px-6">
                    <span className="font-mono text-xs font-medium text-slate-900">{d.event_type}</span>
                    {d.trigger !== 'event' && (
                      <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-700">
                        {d.trigger === 'test' ? 'test' : 'redelivery'}
                      </span>
                    )}
                    {/* On a phone the middle columns fold in under the event. */}
                    <span className="mt-0.5 block text-xs text-slate-500 md:hidden">
                      {d.attempt_count} {d.attempt_count === 1 ? 'attempt' : 'attempts'} · <span className="font-mono">{lastResult(d)}</span> ·{' '}
                      {formatRelative(d.created_at)}
                    </span>
                  </td>
                  <td className="px-3 py-2">
                    <DeliveryStatusBadge delivery={d} />
                  </td>
                  <td className="hidden px-3 py-2 tabular-nums md:table-cell">{d.attempt_count}</td>
                  <td className="hidden px-3 py-2 font-mono text-xs md:table-cell">{lastResult(d)}</td>
                  <td className="hidden px-3 py-2 text-slate-600 md:table-cell" title={formatDateTime(d.created_at)}>
                    {formatRelative(d.created_at)}
                  </td>
                  <td className="px-4 py-2 text-right sm:px-6">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-expanded={open === d.id}
                      onClick={() => setOpen((o) => (o === d.id ? null : d.id))}
                    >
                      {open === d.id ? <ChevronUp className="h-4 w-4" /> : <ChevronDown className="h-4 w-4" />}
                      Details
                    </Button>
                  </td>
                </tr>
                {open === d.id && (
                  <tr>
                    <td colSpan={6} className="p-0">
                      <DeliveryDetail endpointId={endpointId} delivery={d} canRedeliver={canRedeliver} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {(cursors.length > 0 || list.data?.next_cursor) && (
        <div className="flex justify-end gap-1 border-t border-slate-100 px-6 py-2">
          <Button
            size="sm"
            variant="ghost"
            disabled={cursors.length === 0}
            onClick={() => {
              setCursor(cursors[cursors.length - 1]);
              setCursors((c) => c.slice(0, -1));
            }}
          >
            <ChevronLeft className="h-4 w-4" /> Newer
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={!list.data?.next_cursor}
            onClick={() => {
              setCursors((c) => [...c, cursor]);
              setCursor(list.data?.next_cursor ?? undefined);
            }}
          >
            Older <ChevronRight className="h-4 w-4" />
          </Button>
        </div>
      )}
    </div>
  );
}
