'use client';
/**
 * Create or edit an endpoint: URL, description, and the events it receives
 * ("All events" by default, which includes types added later).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { FieldError, Input, Label } from '@/components/ui/input';
import { isSubscribableEvent, type SubscribableEvent } from '@/server/webhooks/schemas';

export interface EndpointFormValues {
  url: string;
  description: string;
  events: SubscribableEvent[];
}

export function EndpointForm({
  initial,
  submitLabel,
  pending,
  error,
  fieldErrors,
  onSubmit,
  onCancel,
}: {
  initial?: { url: string; description: string; events: readonly string[] };
  submitLabel: string;
  pending: boolean;
  error?: string | null;
  fieldErrors?: Record<string, string>;
  onSubmit: (values: EndpointFormValues) => void;
  onCancel?: () => void;
}) {
  const trpc = useTRPC();
  const eventTypes = useQuery(trpc.webhooks.eventTypes.queryOptions());
  const [url, setUrl] = useState(initial?.url ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [all, setAll] = useState(!initial || initial.events.includes('*'));
  const [chosen, setChosen] = useState<SubscribableEvent[]>(
    initial && !initial.events.includes('*') ? initial.events.filter(isSubscribableEvent) : [],
  );
  const idPrefix = initial ? 'edit-webhook' : 'new-webhook';
  const noEvents = !all && chosen.length === 0;
  // A server error about the URL stops showing once the URL it was about has been edited.
  const [submittedUrl, setSubmittedUrl] = useState<string | null>(null);
  const urlError = submittedUrl === url.trim() ? fieldErrors?.url : undefined;

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmittedUrl(url.trim());
        onSubmit({ url: url.trim(), description: description.trim(), events: all ? ['*'] : chosen });
      }}
    >
      <div>
        <Label htmlFor={`${idPrefix}-url`}>Endpoint URL</Label>
        <Input
          id={`${idPrefix}-url`}
          type="url"
          required
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://example.com/webhooks/clipwright"
          maxLength={2048}
          className="mt-1 font-mono"
          aria-invalid={!!urlError}
        />
        <FieldError message={urlError} />
      </div>
      <div>
        <Label htmlFor={`${idPrefix}-description`}>Description</Label>
        <Input
          id={`${idPrefix}-description`}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="e.g. CRM sync (production)"
          maxLength={500}
          className="mt-1"
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <label className="mt-2 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} className="h-4 w-4 rounded accent-indigo-600" />
          <span className="font-medium">All events</span>
          <span className="text-slate-500">(including ones added later)</span>
        </label>
        {!all && (
          <div className="mt-3 grid gap-2 sm:grid-cols-2" data-testid="event-checkboxes">
            {eventTypes.data?.map(({ type, description: what }) => (
              <label key={type} className="flex items-start gap-2 rounded-md p-2 text-sm ring-1 ring-slate-200 hover:bg-slate-50">
                <input
                  type="checkbox"
                  value={type}
                  checked={chosen.includes(type)}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, type] : c.filter((t) => t !== type)))}
                  className="mt-0.5 h-4 w-4 rounded accent-indigo-600"
                />
                <span>
                  <span className="block font-mono text-xs font-medium text-slate-900">{type}</span>
                  <span className="block text-xs text-slate-500">{what}</span>
                </span>
              </label>
            ))}
          </div>
        )}
        <FieldError message={noEvents ? 'Choose at least one event, or All events.' : fieldErrors?.events} />
      </fieldset>
      <FieldError message={error} />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending || !url.trim() || noEvents}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button type="button" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
