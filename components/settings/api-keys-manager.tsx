'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { CopyField } from '@/components/ui/copy-field';
import { FieldError, Input, Label } from '@/components/ui/input';
import { useConfirm } from '@/components/ui/confirm';
import { toast } from 'sonner';

type Kind = 'bearer' | 'oauth1';

const credentialLabels = [
  ['consumer_key', 'Consumer key (API key)'],
  ['consumer_secret', 'Consumer secret (API key secret)'],
  ['access_token', 'Access token'],
  ['access_token_secret', 'Access token secret'],
] as const;

function formatDate(d: Date | null) {
  return d ? new Date(d).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : 'Never';
}

export function ApiKeysManager() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const current = useQuery(trpc.account.current.queryOptions());
  const isMember = current.data?.role === 'member';
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('bearer');
  const [created, setCreated] = useState<{
    name: string;
    secret: string | null;
    credentials: Record<(typeof credentialLabels)[number][0], string> | null;
  } | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: ({ key, secret, credentials }) => {
        setCreated({ name: key.name, secret, credentials });
        setName('');
        void invalidate();
      },
    }),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => {
        toast.success('Key revoked');
        void invalidate();
      },
      onError: (err) => toast.error('Could not revoke the key', { description: err.message }),
    }),
  );
  const confirmAction = useConfirm();

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle>Create a key</CardTitle>
        </CardHeader>
        <CardContent>
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ name, kind });
            }}
          >
            <div className="min-w-48 flex-1">
              <Label htmlFor="key-name">Name</Label>
              <Input
                id="key-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="e.g. CRM integration"
                maxLength={100}
                className="mt-1"
              />
            </div>
            <div>
              <Label htmlFor="key-kind">Type</Label>
              <select
                id="key-kind"
                value={kind}
                onChange={(e) => setKind(e.target.value as Kind)}
                className="mt-1 block h-10 rounded-md border-0 bg-white px-3 text-sm text-slate-900 shadow-sm outline-none ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
              >
                <option value="bearer">API key (Bearer)</option>
                <option value="oauth1">OAuth 1.0a (X clients)</option>
              </select>
            </div>
            <Button type="submit" disabled={isMember || create.isPending || !name.trim()}>
              Create key
            </Button>
          </form>
          {isMember && <p className="mt-2 text-sm text-slate-600">Only owners and admins can create or revoke keys.</p>}
          <FieldError message={create.error?.message} />
          {created && (
            <div className="mt-5 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200" data-testid="new-api-key">
              <p className="text-sm font-medium text-emerald-900">
                Key “{created.name}” created. Copy it now: it will not be shown again.
              </p>
              {created.secret && <CopyField className="mt-3" value={created.secret} testId="new-api-key-secret" />}
              {created.credentials && (
                <>
                  {credentialLabels.map(([field, label]) => (
                    <CopyField key={field} className="mt-3" label={label} value={created.credentials![field]} testId={`new-oauth1-${field}`} />
                  ))}
                  <p className="mt-3 text-xs text-emerald-900">
                    Give these four values to an X client (twitter-api-v2, twitter-ads, tweepy…) and point it at this
                    server: see “Use your X client” in the README.
                  </p>
                </>
              )}
            </div>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Keys</CardTitle>
        </CardHeader>
        <div className="overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-100 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-3 sm:px-6">Name</th>
                <th className="hidden px-6 py-3 sm:table-cell">Key</th>
                <th className="hidden px-6 py-3 md:table-cell">Created</th>
                <th className="hidden px-6 py-3 md:table-cell">Last used</th>
                <th className="px-4 py-3 sm:px-6">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.isLoading && (
                <tr>
                  <td colSpan={5} className="px-6 py-6 text-slate-500">
                    Loading…
                  </td>
                </tr>
              )}
              {keys.data?.length === 0 && (
                <tr>
                  <td colSpan={5} className="px-6 py-6 text-slate-500">
                    No keys yet.
                  </td>
                </tr>
              )}
              {keys.data?.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'text-slate-400' : ''}>
                  <td className="px-4 py-3 font-medium sm:px-6">
                    <span className="break-words">{k.name}</span>
                    {/* On a phone the other columns fold in under the name. */}
                    <span className="mt-0.5 block font-mono text-xs font-normal text-slate-500 sm:hidden">
                      {k.prefix}…{k.kind === 'oauth1' ? ' · OAuth 1.0a' : ''}
                    </span>
                    <span className="mt-0.5 block text-xs font-normal text-slate-500 md:hidden">
                      Created {formatDate(k.createdAt)} · last used {formatDate(k.lastUsedAt)}
                    </span>
                  </td>
                  <td className="hidden px-6 py-3 font-mono text-xs sm:table-cell">
                    <span className="whitespace-nowrap">{k.prefix}…</span>
                    {k.kind === 'oauth1' && (
                      <span className="mt-1 block w-fit whitespace-nowrap rounded bg-slate-100 px-1.5 py-0.5 font-sans text-[11px] text-slate-600">
                        OAuth 1.0a
                      </span>
                    )}
                  </td>
                  <td className="hidden px-6 py-3 md:table-cell">{formatDate(k.createdAt)}</td>
                  <td className="hidden px-6 py-3 md:table-cell">{formatDate(k.lastUsedAt)}</td>
                  <td className="px-4 py-3 text-right sm:px-6">
                    {k.revokedAt ? (
                      <span className="text-xs">Revoked {formatDate(k.revokedAt)}</span>
                    ) : isMember ? null : (
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-red-600 hover:bg-red-50"
                        disabled={revoke.isPending}
                        onClick={async () => {
                          const ok = await confirmAction({
                            title: 'Revoke this key?',
                            description: `Requests signed with “${k.name}” fail with 401 at once. This cannot be undone.`,
                            confirmLabel: 'Revoke key',
                            destructive: true,
                          });
                          if (ok) revoke.mutate({ id: k.id });
                        }}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
