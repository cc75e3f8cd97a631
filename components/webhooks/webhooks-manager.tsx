'use client';
/** Settings → Webhooks: add endpoints (secret shown once) and manage each one with its delivery log. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { errorDetails } from '@/components/videos/errors';
import { EndpointCard } from './endpoint-card';
import { EndpointForm } from './endpoint-form';
import { SecretReveal } from './secret-reveal';

export function WebhooksManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const endpoints = useQuery({
    ...trpc.webhooks.list.queryOptions(),
    // Health (failing, disabled) changes as deliveries run.
    refetchInterval: 10_000,
  });
  const current = useQuery(trpc.account.current.queryOptions());
  const isMember = current.data?.role === 'member';
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (e) => {
        setCreated({ url: e.url, secret: e.secret });
        setAdding(false);
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
      },
    }),
  );
  const details = errorDetails(create.error);

  return (
    <div className="space-y-6">
      {created && (
        <SecretReveal title={`Endpoint ${created.url} added.`} secret={created.secret} onDismiss={() => setCreated(null)} />
      )}
      {adding ? (
        <Card>
          <CardHeader>
            <CardTitle>Add an endpoint</CardTitle>
          </CardHeader>
          <CardContent>
            <EndpointForm
              submitLabel="Add endpoint"
              pending={create.isPending}
              error={create.error && !details.length ? create.error.message : null}
              fieldErrors={Object.fromEntries(details.map((d) => [d.field, d.message]))}
              onSubmit={(values) => create.mutate({ ...values, enabled: true })}
              onCancel={() => {
                create.reset();
                setAdding(false);
              }}
            />
          </CardContent>
        </Card>
      ) : isMember ? (
        <p className="text-sm text-slate-600">Only owners and admins can add or change webhook endpoints.</p>
      ) : (
        <Button onClick={() => setAdding(true)}>
          <Plus className="h-4 w-4" /> Add endpoint
        </Button>
      )}
      {endpoints.isLoading && <p className="text-slate-500">Loading…</p>}
      {endpoints.data?.length === 0 && !adding && (
        <Card>
          <CardContent className="text-slate-600">
            No endpoints yet. Add one to get a signed request whenever a video or an uploaded file changes status.
          </CardContent>
        </Card>
      )}
      <div className="space-y-4">
        {endpoints.data?.map((e) => (
          <EndpointCard key={e.id} endpoint={e} />
        ))}
      </div>
    </div>
  );
}
