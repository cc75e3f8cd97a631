'use client';
/**
 * customer_data as a definition list (nested objects indented, string lists
 * as chips), with a switch to the raw JSON the API stores and returns.
 */
import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { fieldLabel, type JsonSchema } from './schema-form';
import { SegmentedControl } from './segmented-control';

/**
 * Keys in the template's order (required first, as the form shows them),
 * then any extra keys A–Z. Postgres jsonb stores keys in its own order, which
 * would otherwise put "company" before "first_name".
 */
function orderedEntries(data: Record<string, unknown>, schema?: JsonSchema): Array<[string, unknown]> {
  const props = Object.keys(schema?.properties ?? {});
  const required = new Set(schema?.required ?? []);
  const order = [...props.filter((k) => required.has(k)), ...props.filter((k) => !required.has(k))];
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i === -1 ? order.length : i;
  };
  return Object.entries(data).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

function Value({ value, schema }: { value: unknown; schema?: JsonSchema }) {
  if (value === null || value === undefined || value === '') return <span className="text-slate-400">—</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      return (
        <span className="flex flex-wrap gap-1">
          {value.map((v, i) => (
            <span key={i} className="rounded-md bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 ring-1 ring-inset ring-slate-200">
              {String(v)}
            </span>
          ))}
        </span>
      );
    }
    return <code className="break-all text-xs">{JSON.stringify(value)}</code>;
  }
  if (typeof value === 'object') return <Fields data={value as Record<string, unknown>} schema={schema} nested />;
  if (typeof value === 'boolean') return <>{value ? 'Yes' : 'No'}</>;
  if (typeof value === 'number') return <span className="tabular-nums">{value.toLocaleString()}</span>;
  const text = String(value);
  if (/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(text)) {
    return (
      <span className="inline-flex items-center gap-1.5">
        <span className="h-3.5 w-3.5 rounded-sm ring-1 ring-slate-900/10" style={{ backgroundColor: text }} />
        <code className="text-xs">{text}</code>
      </span>
    );
  }
  return <span className="break-words">{text}</span>;
}

function Fields({ data, schema, nested = false }: { data: Record<string, unknown>; schema?: JsonSchema; nested?: boolean }) {
  const entries = orderedEntries(data, schema);
  if (!entries.length) return <span className="text-slate-400">—</span>;
  return (
    <dl className={nested ? 'mt-1 space-y-1.5 border-l-2 border-slate-100 pl-3' : 'divide-y divide-slate-100'}>
      {entries.map(([k, v]) => (
        // On a phone the label sits above its value: two columns of fixed labels (nested ones
        // indented) leave too little room for values such as a row of chips.
        <div
          key={k}
          className={
            nested
              ? 'grid grid-cols-1 gap-0.5 text-sm sm:grid-cols-[8rem_minmax(0,1fr)] sm:gap-2'
              : 'grid grid-cols-1 gap-1 py-2 text-sm first:pt-0 last:pb-0 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-3'
          }
        >
          <dt className="text-slate-500">{fieldLabel(k, schema?.properties?.[k] ?? {})}</dt>
          <dd className="min-w-0 text-slate-900">
            <Value value={v} schema={schema?.properties?.[k]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function CustomerDataView({ data, schema }: { data: Record<string, unknown>; schema?: JsonSchema }) {
  const [mode, setMode] = useState<'fields' | 'json'>('fields');
  const [copied, setCopied] = useState(false);
  const json = JSON.stringify(data, null, 2);
  return (
    <div>
      <div className="mb-4 flex items-center justify-between gap-3">
        <SegmentedControl
          ariaLabel="Show customer data as"
          size="sm"
          className="w-auto"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'fields', label: 'Fields' },
            { value: 'json', label: 'JSON' },
          ]}
        />
        {mode === 'json' && (
          <button
            type="button"
            onClick={async () => {
              await navigator.clipboard?.writeText(json).catch(() => {});
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            }}
            className="inline-flex items-center gap-1 text-xs font-medium text-slate-600 hover:text-slate-900"
          >
            {copied ? <Check className="h-3.5 w-3.5" /> : <Copy className="h-3.5 w-3.5" />} {copied ? 'Copied' : 'Copy JSON'}
          </button>
        )}
      </div>
      {mode === 'fields' ? (
        <Fields data={data} schema={schema} />
      ) : (
        <pre className="max-h-96 overflow-auto rounded-lg bg-slate-900 p-4 text-xs leading-relaxed text-slate-100">{json}</pre>
      )}
    </div>
  );
}
