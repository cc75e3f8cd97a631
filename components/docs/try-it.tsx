'use client';
/**
 * "Try it" for one operation: its path, query and header parameters and its
 * body (prefilled with the examples), an API key kept for this browser tab
 * (sessionStorage, shared by every operation), sent to this server with
 * fetch; the answer's status, time and body are shown below. A required
 * parameter left empty or a body that is not JSON is named before sending.
 */
import { Play } from 'lucide-react';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError, Input, Label } from '@/components/ui/input';
import { cn } from '@/lib/utils';

export interface TryItParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  example: string;
  enumValues?: string[];
}

export interface TryItProps {
  method: string;
  path: string;
  needsKey: boolean;
  parameters: TryItParameter[];
  body?: { contentType: string; example: string; required: boolean };
}

const KEY_STORAGE = 'clipwright.docs.api-key';

type Result = { status: number; statusText: string; ms: number; contentType: string; text: string } | { error: string };

export function TryIt({ method, path, needsKey, parameters, body }: TryItProps) {
  const uid = useId();
  const [open, setOpen] = useState(false);
  const [apiKey, setApiKey] = useState('');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(parameters.map((p) => [`${p.in}:${p.name}`, p.in === 'path' || p.required ? p.example : ''])),
  );
  const [bodyText, setBodyText] = useState(body?.example ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  function openForm() {
    setApiKey(sessionStorage.getItem(KEY_STORAGE) ?? '');
    setOpen(true);
  }

  async function send(e: React.FormEvent) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    for (const p of parameters) {
      if (p.required && !values[`${p.in}:${p.name}`]?.trim()) problems[`${p.in}:${p.name}`] = `${p.name} is required`;
    }
    if (body?.contentType === 'application/json' && bodyText.trim()) {
      try {
        JSON.parse(bodyText);
      } catch (err) {
        problems.body = `Body is not valid JSON: ${(err as Error).message}`;
      }
    } else if (body?.required && !bodyText.trim()) problems.body = 'Body is required';
    setErrors(problems);
    if (Object.keys(problems).length) return;

    let url = path;
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const p of parameters) {
      const value = values[`${p.in}:${p.name}`] ?? '';
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(value.trim()));
      else if (!value.trim()) continue;
      else if (p.in === 'query') query.set(p.name, value);
      else if (p.in === 'header') headers[p.name] = value;
    }
    if (apiKey.trim()) headers.authorization = `Bearer ${apiKey.trim()}`;
    if (body && bodyText.trim()) headers['content-type'] = body.contentType;
    const qs = query.toString();
    setSending(true);
    setResult(null);
    const started = performance.now();
    try {
      const res = await fetch(`${url}${qs ? `?${qs}` : ''}`, {
        method: method.toUpperCase(),
        headers,
        body: body && bodyText.trim() ? bodyText : undefined,
        credentials: 'omit',
      });
      const contentType = res.headers.get('content-type') ?? '';
      let text = await res.text();
      if (contentType.includes('json') && text) {
        try {
          text = JSON.stringify(JSON.parse(text), null, 2);
        } catch {
          // Shown as it came.
        }
      }
      setResult({ status: res.status, statusText: res.statusText, ms: Math.round(performance.now() - started), contentType, text });
    } catch (err) {
      setResult({ error: `The request did not complete: ${(err as Error).message}` });
    } finally {
      setSending(false);
    }
  }

  if (!open) {
    return (
      <Button type="button" variant="secondary" size="sm" onClick={openForm} aria-label={`Try it: ${method.toUpperCase()} ${path}`}>
        <Play className="h-3.5 w-3.5" aria-hidden />
        Try it
      </Button>
    );
  }

  const field = (key: string) => `${uid}-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  return (
    <form onSubmit={send} noValidate className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200 sm:p-4" data-testid="try-it-form">
      {needsKey && (
        <div>
          <Label htmlFor={field('key')}>API key</Label>
          <Input
            id={field('key')}
            type="password"
            autoComplete="off"
            spellCheck={false}
            className="mt-1 font-mono"
            placeholder="cwk_…"
            value={apiKey}
            aria-describedby={field('key-hint')}
            onChange={(e) => {
              setApiKey(e.target.value);
              sessionStorage.setItem(KEY_STORAGE, e.target.value);
            }}
          />
          <p id={field('key-hint')} className="mt-1 text-xs text-slate-600">
            From Settings → API keys; kept in this tab only and sent only to this server.
          </p>
        </div>
      )}
      {parameters.map((p) => {
        const key = `${p.in}:${p.name}`;
        const id = field(key);
        return (
          <div key={key}>
            <Label htmlFor={id}>
              <span className="font-mono">{p.name}</span> <span className="text-xs font-normal text-slate-600">({p.in}{p.required ? ', required' : ''})</span>
            </Label>
            {p.enumValues ? (
              <select
                id={id}
                className="mt-1 block h-10 w-full rounded-md bg-white px-3 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
                value={values[key] ?? ''}
                onChange={(e) => setValues({ ...values, [key]: e.target.value })}
              >
                {!p.required && <option value="">(not sent)</option>}
                {p.enumValues.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            ) : (
              <Input
                id={id}
                className="mt-1 font-mono"
                value={values[key] ?? ''}
                placeholder={p.required ? undefined : p.example ? `e.g. ${p.example}` : '(not sent)'}
                aria-invalid={errors[key] ? true : undefined}
                aria-describedby={errors[key] ? `${id}-error` : undefined}
                onChange={(e) => setValues({ ...values, [key]: e.target.value })}
              />
            )}
            <FieldError id={`${id}-error`} message={errors[key]} />
          </div>
        );
      })}
      {body && (
        <div>
          <Label htmlFor={field('body')}>
            Body <span className="text-xs font-normal text-slate-600">({body.contentType})</span>
          </Label>
          <textarea
            id={field('body')}
            rows={Math.min(16, Math.max(4, bodyText.split('\n').length))}
            spellCheck={false}
            wrap="off"
            className="mt-1 block w-full rounded-md bg-white p-3 font-mono text-xs text-slate-900 ring-1 ring-inset ring-slate-300 outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-500"
            value={bodyText}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={errors.body ? `${field('body')}-error` : undefined}
            onChange={(e) => setBodyText(e.target.value)}
          />
          <FieldError id={`${field('body')}-error`} message={errors.body} />
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm" disabled={sending}>
          {sending ? 'Sending…' : 'Send request'}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
          Close
        </Button>
      </div>
      <div aria-live="polite">
        {result && 'error' in result && <p className="text-sm text-red-700">{result.error}</p>}
        {result && 'status' in result && (
          <div className="space-y-1" data-testid="try-it-response">
            <p className="text-sm">
              <span
                className={cn(
                  'mr-2 inline-block rounded px-1.5 py-0.5 font-mono text-xs font-semibold text-white',
                  result.status < 300 ? 'bg-emerald-700' : result.status < 500 ? 'bg-amber-700' : 'bg-red-700',
                )}
              >
                {result.status}
              </span>{' '}
              {result.statusText ? `${result.statusText} · ` : ''}
              {result.ms} ms{result.contentType ? ` · ${result.contentType.split(';')[0]}` : ''}
            </p>
            {result.text && (
              <pre
                tabIndex={0}
                aria-label="Response body"
                className="max-h-96 max-w-full overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
              >
                {result.text}
              </pre>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
