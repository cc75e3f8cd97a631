'use client';
/**
 * Settings → Brand: the account's brand kit (server/brand). Images are links or
 * files read here into data: URIs (under 512 KB), so nothing needs a separate
 * upload; field errors come back from the server next to their input.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ImageUp, X } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { FieldError, Input, Label } from '@/components/ui/input';
import { errorDetails } from '@/components/videos/errors';

type Field = 'color' | 'logo_url' | 'cta_label' | 'cta_url' | 'sender_name' | 'sender_title' | 'sender_photo_url';
type Values = Record<Field, string>;

const EMPTY: Values = { color: '', logo_url: '', cta_label: '', cta_url: '', sender_name: '', sender_title: '', sender_photo_url: '' };
const MAX_IMAGE_BYTES = 512 * 1024;

function readAsDataUri(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function ImageField({
  id,
  label,
  hint,
  value,
  error,
  disabled,
  round,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  error?: string;
  disabled: boolean;
  round?: boolean;
  onChange: (v: string) => void;
}) {
  const fileId = useId();
  const [fileError, setFileError] = useState<string | null>(null);
  const isData = value.startsWith('data:');
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <div className="mt-1 flex items-center gap-3">
        <div className={`flex h-12 w-12 shrink-0 items-center justify-center overflow-hidden bg-slate-100 ring-1 ring-slate-200 ${round ? 'rounded-full' : 'rounded-md'}`}>
          {/* eslint-disable-next-line @next/next/no-img-element -- a preview of the chosen link or file */}
          {value ? <img src={value} alt="" className="h-full w-full object-contain" /> : <ImageUp className="h-5 w-5 text-slate-400" aria-hidden="true" />}
        </div>
        <Input
          id={id}
          value={isData ? '' : value}
          placeholder={isData ? 'Uploaded image' : 'https://…'}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          aria-invalid={!!error || undefined}
          aria-describedby={`${id}-hint`}
          className="min-w-0 flex-1"
        />
        <label
          htmlFor={fileId}
          className={`inline-flex h-10 shrink-0 cursor-pointer items-center rounded-md px-3 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-50 ${disabled ? 'pointer-events-none opacity-50' : ''}`}
        >
          Upload
        </label>
        <input
          id={fileId}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          className="sr-only"
          aria-label={`Upload ${label.toLowerCase()}`}
          disabled={disabled}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            if (file.size > MAX_IMAGE_BYTES) {
              setFileError(`${file.name} is ${Math.ceil(file.size / 1024)} KB; use an image under 512 KB.`);
              return;
            }
            setFileError(null);
            onChange(await readAsDataUri(file));
          }}
        />
        {value && (
          <Button type="button" variant="ghost" size="sm" aria-label={`Remove ${label.toLowerCase()}`} onClick={() => onChange('')} disabled={disabled}>
            <X className="h-4 w-4" />
          </Button>
        )}
      </div>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
      <FieldError message={fileError ?? error} />
    </div>
  );
}

export function BrandKitForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const kit = useQuery(trpc.brand.get.queryOptions());
  const current = useQuery(trpc.account.current.queryOptions());
  const [values, setValues] = useState<Values>(EMPTY);
  useEffect(() => {
    if (!kit.data) return;
    setValues(Object.fromEntries(Object.entries(kit.data).map(([k, v]) => [k, v ?? ''])) as Values);
  }, [kit.data]);
  const save = useMutation(
    trpc.brand.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.brand.get.queryKey(), saved);
        toast.success('Brand kit saved');
      },
    }),
  );
  const issues = new Map(errorDetails(save.error).map((d) => [d.field, d.message]));
  const canEdit = current.data ? current.data.role !== 'member' : false;
  const set = (field: Field) => (v: string) => setValues((prev) => ({ ...prev, [field]: v }));
  if (!kit.data) return <p className="text-slate-500">Loading…</p>;

  const color = /^#[0-9a-fA-F]{6}$/.test(values.color) ? values.color : '#4f46e5';
  return (
    <form
      className="space-y-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(values);
      }}
    >
      <Card>
        <CardHeader>
          <CardTitle>Look</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <div>
            <Label htmlFor="brand-color">Brand colour</Label>
            <div className="mt-1 flex items-center gap-2">
              <input
                type="color"
                aria-label="Pick the brand colour"
                value={color}
                onChange={(e) => set('color')(e.target.value)}
                disabled={!canEdit}
                className="h-10 w-12 shrink-0 cursor-pointer rounded-md border-0 bg-white p-1 ring-1 ring-slate-300"
              />
              <Input
                id="brand-color"
                value={values.color}
                placeholder="#4F46E5"
                onChange={(e) => set('color')(e.target.value)}
                disabled={!canEdit}
                aria-invalid={issues.has('color') || undefined}
              />
            </div>
            <FieldError message={issues.get('color')} />
          </div>
          <ImageField
            id="brand-logo"
            label="Logo"
            hint="On every video and at the top of its watch page. PNG, JPEG, WebP or GIF under 512 KB, or a link."
            value={values.logo_url}
            error={issues.get('logo_url')}
            disabled={!canEdit}
            onChange={set('logo_url')}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Call to action</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <div>
            <Label htmlFor="brand-cta-label">Button label</Label>
            <Input
              id="brand-cta-label"
              value={values.cta_label}
              maxLength={40}
              placeholder="The template's own, e.g. Get started"
              onChange={(e) => set('cta_label')(e.target.value)}
              disabled={!canEdit}
              aria-invalid={issues.has('cta_label') || undefined}
              className="mt-1"
            />
            <FieldError message={issues.get('cta_label')} />
          </div>
          <div>
            <Label htmlFor="brand-cta-url">Link</Label>
            <Input
              id="brand-cta-url"
              type="url"
              value={values.cta_url}
              placeholder="https://acme.com/start"
              onChange={(e) => set('cta_url')(e.target.value)}
              disabled={!canEdit}
              aria-invalid={issues.has('cta_url') || undefined}
              className="mt-1"
            />
            <FieldError message={issues.get('cta_url')} />
            <p className="mt-1 text-xs text-slate-500">Without a link the watch page shows no button.</p>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Sender</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <div>
            <Label htmlFor="brand-sender-name">Name</Label>
            <Input
              id="brand-sender-name"
              value={values.sender_name}
              maxLength={60}
              placeholder="Dana Reyes"
              onChange={(e) => set('sender_name')(e.target.value)}
              disabled={!canEdit}
              aria-invalid={issues.has('sender_name') || undefined}
              className="mt-1"
            />
            <FieldError message={issues.get('sender_name')} />
          </div>
          <div>
            <Label htmlFor="brand-sender-title">Title</Label>
            <Input
              id="brand-sender-title"
              value={values.sender_title}
              maxLength={80}
              placeholder="Customer Success, Acme"
              onChange={(e) => set('sender_title')(e.target.value)}
              disabled={!canEdit}
              aria-invalid={issues.has('sender_title') || undefined}
              className="mt-1"
            />
            <FieldError message={issues.get('sender_title')} />
          </div>
          <div className="sm:col-span-2">
            <ImageField
              id="brand-sender-photo"
              label="Photo"
              hint="Shown round beside the name on the watch page."
              value={values.sender_photo_url}
              error={issues.get('sender_photo_url')}
              disabled={!canEdit}
              round
              onChange={set('sender_photo_url')}
            />
          </div>
          <div className="rounded-lg bg-slate-900 p-4 text-white sm:col-span-2" aria-label="How the watch page shows the sender" data-testid="sender-preview">
            {values.sender_name.trim() ? (
              <div className="flex items-center gap-3">
                {values.sender_photo_url ? (
                  // eslint-disable-next-line @next/next/no-img-element -- a preview of the chosen photo
                  <img src={values.sender_photo_url} alt="" className="h-11 w-11 rounded-full object-cover" />
                ) : (
                  <span className="flex h-11 w-11 items-center justify-center rounded-full text-lg font-semibold" style={{ backgroundColor: color }}>
                    {Array.from(values.sender_name.trim())[0]?.toLocaleUpperCase()}
                  </span>
                )}
                <p className="min-w-0 text-sm leading-tight">
                  <span className="block text-slate-400">Sent by</span>
                  <span className="block truncate font-medium">{values.sender_name}</span>
                  {values.sender_title.trim() && <span className="block truncate text-slate-400">{values.sender_title}</span>}
                </p>
              </div>
            ) : (
              <p className="text-sm text-slate-400">Add a name to show who sent each video.</p>
            )}
          </div>
        </CardContent>
      </Card>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={!canEdit || save.isPending}>
          Save brand kit
        </Button>
        {!canEdit && <p className="text-sm text-slate-500">Only owners and admins can change the brand kit.</p>}
        {save.error && issues.size === 0 && <FieldError message={save.error.message} />}
      </div>
    </form>
  );
}
