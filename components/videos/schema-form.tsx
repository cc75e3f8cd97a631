'use client';
/**
 * A form generated from a template's `customer_data_schema` (the JSON Schema
 * the API publishes), so a new template gets its form without UI work:
 * strings → text (or date, URL, email, colour picker, select for enums),
 * numbers → number inputs, string arrays → tag inputs, nested objects →
 * fieldsets, booleans → checkboxes; anything else → a JSON box. `required`
 * gets a marker, `description` becomes help text. Keys outside the schema
 * (the templates accept extra fields, e.g. `cta_url`) are edited under
 * "Extra fields".
 */
import { Plus, X } from 'lucide-react';
import { useState } from 'react';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/utils';
import { issuesFor, type IssueMap } from './errors';
import { TagInput } from './tag-input';

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  examples?: unknown[];
}

type Data = Record<string, unknown>;

/** `{anyOf: [X, {type: "null"}]}` (a nullable field) reads as X. */
function unwrap(schema: JsonSchema): JsonSchema {
  const variants = schema.anyOf ?? schema.oneOf;
  if (!variants) return schema;
  const nonNull = variants.filter((v) => v.type !== 'null');
  const [only] = nonNull;
  if (nonNull.length !== 1 || !only) return schema;
  return { ...only, title: schema.title ?? only.title, description: schema.description ?? only.description };
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

type Kind = 'enum' | 'color' | 'date' | 'datetime' | 'url' | 'email' | 'text' | 'textarea' | 'integer' | 'number' | 'boolean' | 'tags' | 'object' | 'json';

const HEX_PATTERN = /#.*0-9a-f|0-9a-f.*#/i;

function kindOf(key: string, schema: JsonSchema): Kind {
  const type = typeOf(schema);
  if (schema.enum?.length) return 'enum';
  if (type === 'string') {
    if (schema.format === 'color' || /(^|_)colou?r$/i.test(key) || (schema.pattern && HEX_PATTERN.test(schema.pattern))) return 'color';
    if (schema.format === 'date') return 'date';
    if (schema.format === 'date-time') return 'datetime';
    if (schema.format === 'uri' || schema.format === 'url' || /(^|_)url$/i.test(key)) return 'url';
    if (schema.format === 'email' || /(^|_)email$/i.test(key)) return 'email';
    return (schema.maxLength ?? 0) > 160 ? 'textarea' : 'text';
  }
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' && typeOf(unwrap(schema.items ?? {})) === 'string') return 'tags';
  if (type === 'object' && schema.properties) return 'object';
  return 'json';
}

/** "usage_stats" → "Usage stats"; a schema `title` wins. */
export function fieldLabel(key: string, schema: JsonSchema): string {
  if (schema.title) return schema.title;
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** DOM id of the input for a field path, so errors can focus and describe it. */
export function fieldId(path: string): string {
  return `field-${path.replace(/[^a-zA-Z0-9_-]+/g, '-')}`;
}

/** Every field path the generated form shows an input for (errors elsewhere go to a summary). */
export function schemaFieldPaths(schema: JsonSchema, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const child = unwrap(raw);
    const path = `${prefix}.${key}`;
    out.push(path);
    if (kindOf(key, child) === 'object') out.push(...schemaFieldPaths(child, path));
  }
  return out;
}

/** Drops keys whose value is undefined, so an emptied optional field is absent, not "". */
function setKey(data: Data, key: string, value: unknown): Data {
  const next = { ...data };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

function FieldShell({
  id,
  label,
  required,
  description,
  errors,
  wide,
  children,
}: {
  id: string;
  label: string;
  required: boolean;
  description?: string;
  errors: string[];
  wide?: boolean;
  children: React.ReactNode;
}) {
  return (
    <div className={cn(wide && 'sm:col-span-2')} data-field={id}>
      <label htmlFor={id} className="flex items-baseline gap-1 text-sm font-medium text-slate-800">
        {label}
        {required && (
          <span className="text-red-600" aria-hidden title="Required">
            *
          </span>
        )}
      </label>
      <div className="mt-1">{children}</div>
      {errors.length > 0 ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-xs text-red-600">
          {errors.join(' · ')}
        </p>
      ) : (
        description && (
          <p id={`${id}-help`} className="mt-1 text-xs leading-relaxed text-slate-500">
            {description}
          </p>
        )
      )}
    </div>
  );
}

function ColorField({ id, value, onChange, invalid, describedBy }: { id: string; value: string; onChange: (v: string) => void; invalid: boolean; describedBy: string }) {
  const hex = /^#[0-9a-f]{6}$/i.test(value)
    ? value
    : /^#[0-9a-f]{3}$/i.test(value)
      ? `#${[...value.slice(1)].map((c) => c + c).join('')}`
      : '#6d5ef7';
  return (
    <div className="flex items-center gap-2">
      <input
        type="color"
        aria-label="Pick a colour"
        value={hex}
        onChange={(e) => onChange(e.target.value)}
        className="h-10 w-12 shrink-0 cursor-pointer rounded-md border-0 bg-white p-1 shadow-sm ring-1 ring-inset ring-slate-300"
      />
      <Input
        id={id}
        value={value}
        placeholder="#6D5EF7"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
        className="font-mono"
      />
    </div>
  );
}

function JsonField({ id, value, onChange, invalid, describedBy }: { id: string; value: unknown; onChange: (v: unknown) => void; invalid: boolean; describedBy: string }) {
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [bad, setBad] = useState(false);
  return (
    <>
      <textarea
        id={id}
        value={text}
        rows={3}
        aria-invalid={invalid || bad || undefined}
        aria-describedby={describedBy}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (!text.trim()) {
            setBad(false);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(text));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
        className="block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-500"
      />
      {bad && <p className="mt-1 text-xs text-red-600">Not valid JSON.</p>}
    </>
  );
}

interface FieldProps {
  name: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  path: string;
  issues: IssueMap;
  onBlur?: (path: string) => void;
}

function SchemaField({ name, schema: raw, required, value, onChange, path, issues, onBlur }: FieldProps) {
  const schema = unwrap(raw);
  const kind = kindOf(name, schema);
  const id = fieldId(path);
  const label = fieldLabel(name, schema);
  const errors = kind === 'object' ? issues.get(path) ?? [] : issuesFor(issues, path);
  const invalid = errors.length > 0;
  const describedBy = invalid ? `${id}-error` : `${id}-help`;
  const blur = () => onBlur?.(path);
  // An emptied optional text field is removed; a required one stays "" so the error names it.
  const setText = (v: string) => onChange(v === '' && !required ? undefined : v);

  if (kind === 'object') {
    const data = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Data;
    return (
      <fieldset className="rounded-lg border border-slate-200 bg-slate-50/60 p-4 sm:col-span-2" data-field={id}>
        <legend className="px-1 text-sm font-semibold text-slate-800">
          {label}
          {required && <span className="ml-1 text-red-600" aria-hidden>*</span>}
        </legend>
        {schema.description && <p className="-mt-1 mb-3 text-xs text-slate-500">{schema.description}</p>}
        {errors.length > 0 && (
          <p role="alert" className="mb-3 text-xs text-red-600">
            {errors.join(' · ')}
          </p>
        )}
        <SchemaFields
          schema={schema}
          value={data}
          onChange={(next) => onChange(Object.keys(next).length ? next : undefined)}
          pathPrefix={path}
          issues={issues}
          onBlur={onBlur}
          extraFields={false}
        />
      </fieldset>
    );
  }

  let control: React.ReactNode;
  const common = { id, 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy, onBlur: blur };
  switch (kind) {
    case 'enum':
      control = (
        <select
          {...common}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => {
            const picked = schema.enum?.find((o) => String(o) === e.target.value);
            onChange(e.target.value === '' ? undefined : picked);
          }}
          className="block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-500"
        >
          {!required && <option value="">—</option>}
          {schema.enum?.map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
        </select>
      );
      break;
    case 'color':
      control = <ColorField id={id} value={typeof value === 'string' ? value : ''} onChange={setText} invalid={invalid} describedBy={describedBy} />;
      break;
    case 'integer':
    case 'number':
      control = (
        <Input
          {...common}
          type="number"
          inputMode={kind === 'integer' ? 'numeric' : 'decimal'}
          step={kind === 'integer' ? 1 : 'any'}
          min={schema.minimum}
          max={schema.maximum}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => {
            const n = e.target.valueAsNumber;
            onChange(e.target.value === '' || Number.isNaN(n) ? undefined : n);
          }}
        />
      );
      break;
    case 'boolean':
      control = (
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
        />
      );
      break;
    case 'tags': {
      const items = unwrap(schema.items ?? {});
      control = (
        <TagInput
          id={id}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={(next) => onChange(next.length ? next : undefined)}
          maxItems={schema.maxItems}
          maxLength={items.maxLength}
          invalid={invalid}
          describedBy={describedBy}
          placeholder="Type and press Enter"
        />
      );
      break;
    }
    case 'textarea':
      control = (
        <textarea
          {...common}
          rows={3}
          maxLength={schema.maxLength}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => setText(e.target.value)}
          className="block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 outline-none focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-500"
        />
      );
      break;
    case 'json':
      control = <JsonField id={id} value={value} onChange={onChange} invalid={invalid} describedBy={describedBy} />;
      break;
    default:
      control = (
        <Input
          {...common}
          type={kind === 'date' ? 'date' : kind === 'datetime' ? 'datetime-local' : kind === 'url' ? 'url' : kind === 'email' ? 'email' : 'text'}
          maxLength={schema.maxLength}
          required={required}
          placeholder={schema.examples?.[0] !== undefined ? String(schema.examples[0]) : undefined}
          value={typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)}
          onChange={(e) => setText(e.target.value)}
        />
      );
  }
  const wide = kind === 'tags' || kind === 'textarea' || kind === 'json';
  return (
    <FieldShell id={id} label={label} required={required} description={schema.description} errors={errors} wide={wide}>
      {control}
    </FieldShell>
  );
}

/**
 * Keys every template reads without declaring them (the render's brand),
 * offered as one-click extra fields. (The CTA link is a declared field.)
 */
const COMMON_EXTRAS: ReadonlyArray<{ key: string; label: string; initial: string }> = [
  { key: 'brand_color', label: 'Brand colour', initial: '#6D5EF7' },
  { key: 'logo_url', label: 'Logo URL', initial: '' },
];

/** Keys the schema does not describe, as text values (a colour key gets a colour picker). */
function ExtraFields({ value, known, onChange, pathPrefix, issues }: { value: Data; known: Set<string>; onChange: (v: Data) => void; pathPrefix: string; issues: IssueMap }) {
  const [key, setKey_] = useState('');
  const [text, setText] = useState('');
  const extras = Object.entries(value).filter(([k]) => !known.has(k));
  const keyError = key && !/^[A-Za-z_][A-Za-z0-9_]{0,59}$/.test(key) ? 'Letters, digits and _ only' : known.has(key) ? 'Already a field above' : null;
  const add = () => {
    if (!key || keyError) return;
    onChange(setKey(value, key, text));
    setKey_('');
    setText('');
  };
  return (
    <details className="group rounded-lg border border-dashed border-slate-300 p-4 sm:col-span-2" open={extras.length > 0 || undefined}>
      <summary className="cursor-pointer select-none text-sm font-medium text-slate-700">
        Extra fields <span className="font-normal text-slate-500">({extras.length}) · brand colour, logo or your own</span>
      </summary>
      <div className="mt-3 space-y-2">
        {extras.map(([k, v]) => {
          const path = `${pathPrefix}.${k}`;
          const errs = issuesFor(issues, path);
          return (
            <div key={k}>
              <div className="flex items-center gap-2">
                <code className="w-40 shrink-0 truncate rounded bg-slate-100 px-2 py-2 text-xs text-slate-700">{k}</code>
                <div className="min-w-0 flex-1">
                  {kindOf(k, { type: 'string' }) === 'color' ? (
                    <ColorField
                      id={fieldId(path)}
                      value={typeof v === 'string' ? v : ''}
                      onChange={(next) => onChange(setKey(value, k, next))}
                      invalid={errs.length > 0}
                      describedBy=""
                    />
                  ) : (
                    <Input
                      id={fieldId(path)}
                      aria-label={k}
                      aria-invalid={errs.length > 0 || undefined}
                      type={kindOf(k, { type: 'string' }) === 'url' ? 'url' : 'text'}
                      placeholder={kindOf(k, { type: 'string' }) === 'url' ? 'https://…' : undefined}
                      value={typeof v === 'string' ? v : JSON.stringify(v)}
                      onChange={(e) => onChange(setKey(value, k, e.target.value))}
                    />
                  )}
                </div>
                <button type="button" aria-label={`Remove ${k}`} onClick={() => onChange(setKey(value, k, undefined))} className="rounded-md p-2 text-slate-400 hover:bg-slate-100 hover:text-slate-700">
                  <X className="h-4 w-4" />
                </button>
              </div>
              {errs.length > 0 && <p className="mt-1 text-xs text-red-600">{errs.join(' · ')}</p>}
            </div>
          );
        })}
        {COMMON_EXTRAS.some((c) => !(c.key in value) && !known.has(c.key)) && (
          <div className="flex flex-wrap gap-2">
            {COMMON_EXTRAS.filter((c) => !(c.key in value) && !known.has(c.key)).map((c) => (
              <button
                key={c.key}
                type="button"
                onClick={() => onChange(setKey(value, c.key, c.initial))}
                className="inline-flex items-center gap-1 rounded-full bg-white px-2.5 py-1 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
              >
                <Plus className="h-3 w-3" /> {c.label}
              </button>
            ))}
          </div>
        )}
        <div className="flex items-start gap-2">
          <div className="w-40 shrink-0">
            <Input aria-label="New field name" placeholder="field_name" value={key} onChange={(e) => setKey_(e.target.value.trim())} className="font-mono text-xs" />
            {keyError && <p className="mt-1 text-xs text-red-600">{keyError}</p>}
          </div>
          <Input
            aria-label="New field value"
            placeholder="Value"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <button
            type="button"
            onClick={add}
            disabled={!key || !!keyError}
            className="inline-flex h-10 shrink-0 items-center gap-1 rounded-md px-3 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50 disabled:opacity-40"
          >
            <Plus className="h-4 w-4" /> Add
          </button>
        </div>
      </div>
    </details>
  );
}

export function SchemaFields({
  schema,
  value,
  onChange,
  pathPrefix,
  issues,
  onBlur,
  extraFields = true,
}: {
  schema: JsonSchema;
  value: Data;
  onChange: (next: Data) => void;
  pathPrefix: string;
  issues: IssueMap;
  onBlur?: (path: string) => void;
  extraFields?: boolean;
}) {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  // Required fields first: they are what the video cannot do without.
  const ordered = [...properties.filter(([k]) => required.has(k)), ...properties.filter(([k]) => !required.has(k))];
  return (
    <div className="grid gap-x-4 gap-y-5 sm:grid-cols-2">
      {ordered.map(([key, child]) => (
        <SchemaField
          key={key}
          name={key}
          schema={child}
          required={required.has(key)}
          value={value[key]}
          onChange={(v) => onChange(setKey(value, key, v))}
          path={`${pathPrefix}.${key}`}
          issues={issues}
          onBlur={onBlur}
        />
      ))}
      {extraFields && schema.additionalProperties !== false && (
        <ExtraFields value={value} known={new Set(properties.map(([k]) => k))} onChange={onChange} pathPrefix={pathPrefix} issues={issues} />
      )}
    </div>
  );
}
