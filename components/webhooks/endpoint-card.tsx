'use client';
/**
 * One endpoint on the Webhooks page: URL, status and events; why it is
 * failing or disabled; actions (send test event, edit, enable/disable,
 * rotate secret, delete) and its delivery log.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, List, Pencil, Power, Send, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FieldError } from '@/components/ui/input';
import { errorDetails } from '@/components/videos/errors';
import { formatDateTime } from '@/components/videos/format';
import type { TestEventType, WebhookEndpointOutput } from '@/server/webhooks/schemas';
import { EndpointStatusBadge } from './badges';
import { DeliveryLog } from './delivery-log';
import { EndpointForm } from './endpoint-form';
import { SecretReveal } from './secret-reveal';
import { useConfirm } from '@/components/ui/confirm';
import { toast } from 'sonner';

function fieldErrors(error: unknown): Record<string, string> {
  // Input errors name `patch.url`, service errors `url`: the form knows the bare field.
  return Object.fromEntries(errorDetails(error).map((d) => [d.field.replace(/^patch\./, ''), d.message]));
}

function HealthNotice({ endpoint }: { endpoint: WebhookEndpointOutput }) {
  if (endpoint.status === 'failing' && endpoint.failing_since) {
    return (
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="health-notice">
        Deliveries have been failing since {formatDateTime(endpoint.failing_since)}. If every attempt keeps failing for 5 days,
        the endpoint is disabled.
      </p>
    );
  }
  if (!endpoint.enabled && endpoint.disabled_reason !== 'manual') {
    const why =
      endpoint.disabled_reason === 'endpoint_gone'
        ? 'the endpoint answered 410 Gone'
        : `every delivery failed for 5 days${endpoint.failing_since ? ` (since ${formatDateTime(endpoint.failing_since)})` : ''}`;
    return (
      <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200" data-testid="health-notice">
        Disabled {endpoint.disabled_at ? formatDateTime(endpoint.disabled_at) : ''}: {why}. It gets no new deliveries; fix the
        receiver, then enable it again.
      </p>
    );
  }
  return null;
}

export function EndpointCard({ endpoint }: { endpoint: WebhookEndpointOutput }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const eventTypes = useQuery(trpc.webhooks.eventTypes.queryOptions());
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [testType, setTestType] = useState<TestEventType>('webhook.test');
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() }),
  ]);
  const update = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        void refresh();
      },
    }),
  );
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: (e) => {
        setSecret(e.secret);
        void refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: () => {
        toast.success('Endpoint deleted');
        void refresh();
      },
      onError: (err) => toast.error('Could not delete the endpoint', { description: err.message }),
    }),
  );
  const confirmAction = useConfirm();
  const sendTest = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: () => {
        setShowLog(true);
        void refresh();
      },
    }),
  );
  const actionError = update.error ?? rotate.error ?? remove.error ?? sendTest.error;

  return (
    <Card data-testid="webhook-endpoint" data-endpoint-id={endpoint.id}>
      <div className="space-y-3 px-6 py-4">
        {editing ? (
          <EndpointForm
            initial={{ url: endpoint.url, description: endpoint.description, events: endpoint.events }}
            submitLabel="Save"
            pending={update.isPending}
            error={update.error && !errorDetails(update.error).length ? update.error.message : null}
            fieldErrors={fieldErrors(update.error)}
            onSubmit={(values) => update.mutate({ id: endpoint.id, patch: values })}
            onCancel={() => {
              update.reset();
              setEditing(false);
            }}
          />
        ) : (
          <>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="truncate font-mono text-sm font-medium text-slate-900" title={endpoint.url}>
                  {endpoint.url}
                </p>
                {endpoint.description && <p className="mt-0.5 text-sm text-slate-600">{endpoint.description}</p>}
              </div>
              <EndpointStatusBadge endpoint={endpoint} />
            </div>
            <div className="flex flex-wrap gap-1.5" data-testid="endpoint-events">
              {endpoint.events.includes('*') ? (
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">All events</span>
              ) : (
                endpoint.events.map((t) => (
                  <span key={t} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                    {t}
                  </span>
                ))
              )}
            </div>
            <HealthNotice endpoint={endpoint} />
            <p className="text-xs text-slate-500">
              Created {formatDateTime(endpoint.created_at)}
              {endpoint.last_success_at && ` · last delivered ${formatDateTime(endpoint.last_success_at)}`}
              {endpoint.previous_secret_expires_at &&
                ` · previous secret signs too until ${formatDateTime(endpoint.previous_secret_expires_at)}`}
            </p>
          </>
        )}
        {secret && (
          <SecretReveal
            title="Signing secret rotated."
            note={endpoint.previous_secret_expires_at ? 'The previous secret keeps signing for 24 hours, so receivers can switch without dropping a request.' : undefined}
            secret={secret}
            onDismiss={() => setSecret(null)}
          />
        )}
        {!editing && (
          <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-3">
            <div className="flex flex-wrap items-center gap-1">
              <select
                aria-label="Test event type"
                value={testType}
                onChange={(e) => setTestType(e.target.value as TestEventType)}
                className="h-8 w-40 rounded-md border-0 bg-white px-2 text-sm ring-1 ring-inset ring-slate-300 outline-none focus:ring-2 focus:ring-indigo-600"
              >
                <option value="webhook.test">webhook.test</option>
                {eventTypes.data?.map(({ type }) => (
                  <option key={type} value={type}>
                    {type} (example)
                  </option>
                ))}
              </select>
              <Button
                size="sm"
                variant="secondary"
                disabled={!endpoint.enabled || sendTest.isPending}
                title={endpoint.enabled ? undefined : 'Enable the endpoint to send a test event'}
                onClick={() => sendTest.mutate({ id: endpoint.id, event_type: testType })}
              >
                <Send className="h-4 w-4" /> Send test event
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setShowLog((s) => !s)} aria-expanded={showLog}>
                <List className="h-4 w-4" /> {showLog ? 'Hide log' : 'Delivery log'}
              </Button>
              {sendTest.isSuccess && <span className="px-1 text-sm text-emerald-700">Test event queued.</span>}
            </div>
            <div className="flex flex-wrap items-center gap-1">
              <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>
                <Pencil className="h-4 w-4" /> Edit
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={update.isPending}
                onClick={() => update.mutate({ id: endpoint.id, patch: { enabled: !endpoint.enabled } })}
              >
                <Power className="h-4 w-4" /> {endpoint.enabled ? 'Disable' : 'Enable'}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={rotate.isPending}
                onClick={async () => {
                  const ok = await confirmAction({
                    title: 'Rotate the signing secret?',
                    description: 'A new secret signs every delivery from now on; the current one keeps signing beside it for 24 hours, so receivers can switch over.',
                    confirmLabel: 'Rotate secret',
                  });
                  if (ok) rotate.mutate({ id: endpoint.id, grace_period_hours: 24 });
                }}
              >
                <KeyRound className="h-4 w-4" /> Rotate secret
              </Button>
              <Button
                size="sm"
                variant="ghost"
                className="text-red-600 hover:bg-red-50"
                disabled={remove.isPending}
                onClick={async () => {
                  const ok = await confirmAction({
                    title: 'Delete this endpoint?',
                    description: (
                      <>
                        <span className="break-all font-mono text-xs">{endpoint.url}</span> gets no more events, and its delivery log is deleted
                        with it.
                      </>
                    ),
                    confirmLabel: 'Delete endpoint',
                    destructive: true,
                  });
                  if (ok) remove.mutate({ id: endpoint.id });
                }}
              >
                <Trash2 className="h-4 w-4" /> Delete
              </Button>
            </div>
          </div>
        )}
        {!editing && <FieldError message={actionError?.message} />}
      </div>
      {showLog && (
        <div className="border-t border-slate-100">
          <DeliveryLog endpointId={endpoint.id} canRedeliver={endpoint.enabled} />
        </div>
      )}
    </Card>
  );
}
