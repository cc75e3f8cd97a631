'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { FieldError, Input, Label } from '@/components/ui/input';

export function AccountSettings() {
  const trpc = useTRPC();
  const router = useRouter();
  const current = useQuery(trpc.account.current.queryOptions());
  const [name, setName] = useState('');
  useEffect(() => {
    if (current.data) setName(current.data.name);
  }, [current.data]);
  const rename = useMutation(trpc.account.rename.mutationOptions({ onSuccess: () => router.refresh() }));
  if (!current.data) return <p className="text-slate-500">Loading…</p>;
  const canEdit = current.data.role !== 'member';
  return (
    <Card>
      <CardHeader>
        <CardTitle>General</CardTitle>
      </CardHeader>
      <CardContent className="space-y-5">
        <div>
          <Label>Account ID</Label>
          <p className="mt-1 font-mono text-sm text-slate-700" data-testid="account-id">
            {current.data.id}
          </p>
          <p className="mt-1 text-xs text-slate-500">Used as account_id in the library API (/api/ads/3/accounts/…).</p>
        </div>
        <form
          className="flex items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate({ name });
          }}
        >
          <div className="flex-1">
            <Label htmlFor="account-name">Name</Label>
            <Input id="account-name" value={name} onChange={(e) => setName(e.target.value)} disabled={!canEdit} className="mt-1" />
          </div>
          <Button type="submit" disabled={!canEdit || rename.isPending}>
            Save
          </Button>
        </form>
        <FieldError message={rename.error?.message} />
        <p className="text-sm text-slate-500">Your role: {current.data.role}</p>
      </CardContent>
    </Card>
  );
}
