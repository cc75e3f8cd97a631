/**
 * The CSV import's pure parts, shared by the browser page and its unit
 * tests: reading the file (size limit, UTF-8 check, papaparse, row limit),
 * the template's fields a column can fill, mapping columns to them by name,
 * and turning one row into `customer_data` with the field's type. The
 * server validates every row again exactly as a video create does; types
 * here only spare the user errors a spreadsheet always makes ("12" for 12,
 * "a; b" for a list).
 */
import Papa from 'papaparse';

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_CSV_ROWS = 1000;

export interface ParsedCsv {
  headers: string[];
  rows: string[][];
}

export class CsvError extends Error {}

/** A column the batch uses beside the customer_data fields. */
export const TITLE_FIELD = 'title';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  title?: string;
  description?: string;
};

export interface CsvField {
  /** Path under customer_data (`usage_stats.logins`), or `title`. */
  path: string;
  label: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'list';
  required: boolean;
}

/**
 * Reads a CSV file's text: refuses files over MAX_CSV_BYTES and bytes that
 * are not UTF-8 (the usual Excel "CSV" in Windows-1252), drops a BOM, then
 * parses with papaparse row by row (quotes, embedded newlines, any of , ; tab
 * as delimiter), stopping past MAX_CSV_ROWS data rows.
 */
export function parseCsvBytes(bytes: Uint8Array, fileName = 'the file'): ParsedCsv {
  if (bytes.byteLength > MAX_CSV_BYTES) {
    throw new CsvError(`${fileName} is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; a batch CSV can be at most ${MAX_CSV_BYTES / 1024 / 1024} MB.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsvError(`${fileName} is not UTF-8 text. Save it as "CSV UTF-8" (Excel) or export it as UTF-8 and try again.`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) throw new CsvError(`${fileName} holds binary data, not CSV text.`);
  const rows: string[][] = [];
  let tooMany = false;
  let parseError: string | null = null;
  Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      // A one-column file has no delimiter to detect: papaparse's note about it is not an error.
      const errors = result.errors.filter((e) => e.type !== 'Delimiter');
      if (errors.length && !parseError) {
        const e = errors[0]!;
        parseError = `line ${(e.row ?? rows.length) + 1}: ${e.message}`;
      }
      rows.push(result.data.map((cell) => cell.trim()));
      if (rows.length > MAX_CSV_ROWS + 1) {
        tooMany = true;
        parser.abort();
      }
    },
  });
  if (parseError) throw new CsvError(`${fileName} could not be read as CSV (${parseError}).`);
  if (tooMany) throw new CsvError(`${fileName} has more than ${MAX_CSV_ROWS} rows; a batch holds at most ${MAX_CSV_ROWS}. Split it into several files.`);
  const [headers, ...data] = rows;
  if (!headers || headers.every((h) => h === '')) throw new CsvError(`${fileName} is empty: the first line must name the columns.`);
  if (data.length === 0) throw new CsvError(`${fileName} has a header line but no rows.`);
  const blank = headers.findIndex((h) => h === '');
  if (blank >= 0) throw new CsvError(`Column ${blank + 1} of ${fileName} has no name in the header line.`);
  const seen = new Set<string>();
  for (const h of headers) {
    if (seen.has(h.toLowerCase())) throw new CsvError(`${fileName} has two columns named "${h}".`);
    seen.add(h.toLowerCase());
  }
  return { headers, rows: data.map((r) => headers.map((_, i) => r[i] ?? '')) };
}

function unwrap(schema: JsonSchema): JsonSchema {
  const nonNull = schema.anyOf?.filter((v) => v.type !== 'null');
  return nonNull?.length === 1 ? { ...nonNull[0], description: schema.description ?? nonNull[0]!.description } : schema;
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

const humanize = (key: string) => key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The template's customer_data fields a column can fill (objects flattened to dotted paths), then `title`. */
export function csvFields(schema: JsonSchema): CsvField[] {
  const out: CsvField[] = [];
  const walk = (s: JsonSchema, prefix: string, labelPrefix: string, requiredHere: boolean) => {
    const required = new Set(s.required ?? []);
    for (const [key, raw] of Object.entries(s.properties ?? {})) {
      const child = unwrap(raw);
      const path = prefix ? `${prefix}.${key}` : key;
      const label = `${labelPrefix}${child.title ?? humanize(key)}`;
      const type = typeOf(child);
      if (type === 'object') walk(child, path, `${label} › `, false);
      else {
        out.push({
          path,
          label,
          type: type === 'integer' || type === 'number' || type === 'boolean' ? type : type === 'array' ? 'list' : 'string',
          required: requiredHere && required.has(key),
        });
      }
    }
  };
  walk(schema, '', '', true);
  out.push({ path: TITLE_FIELD, label: 'Video title', type: 'string', required: false });
  return out;
}

const normalize = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Synonyms spreadsheets and CRMs use for our field names. */
const ALIASES: Record<string, string[]> = {
  first_name: ['firstname', 'first', 'givenname', 'fname', 'name'],
  last_name: ['lastname', 'last', 'surname', 'familyname', 'lname'],
  company: ['company', 'companyname', 'organization', 'organisation', 'account', 'accountname'],
  product_tier: ['tier', 'plan', 'plantier'],
  title: ['title', 'videotitle'],
};

/**
 * Column for each field, by name: the field's path or last segment
 * ("First Name" → first_name, "Logins" → usage_stats.logins) or a common
 * synonym; each column used once. Unmatched fields map to null.
 */
export function autoMap(headers: readonly string[], fields: readonly CsvField[]): Record<string, string | null> {
  const byName = new Map(headers.map((h) => [normalize(h), h]));
  const used = new Set<string>();
  const mapping: Record<string, string | null> = {};
  const take = (name: string) => {
    const header = byName.get(name);
    if (header && !used.has(header)) {
      used.add(header);
      return header;
    }
    return null;
  };
  // Exact names first, so "name" as a synonym never takes a column another field is named after.
  for (const f of fields) mapping[f.path] = take(normalize(f.path)) ?? take(normalize(f.path.split('.').pop()!)) ?? null;
  for (const f of fields) {
    if (mapping[f.path]) continue;
    for (const alias of ALIASES[f.path.split('.').pop()!] ?? []) {
      const header = take(alias);
      if (header) {
        mapping[f.path] = header;
        break;
      }
    }
  }
  return mapping;
}

/** Required fields without a column. */
export function unmappedRequired(fields: readonly CsvField[], mapping: Record<string, string | null>): CsvField[] {
  return fields.filter((f) => f.required && !mapping[f.path]);
}

function convert(value: string, type: CsvField['type']): unknown {
  switch (type) {
    case 'integer':
    case 'number': {
      const n = Number(value.replace(/[\s,](?=\d{3}\b)/g, ''));
      // Not a number: sent as written, so the server names the field and what it expected.
      return Number.isFinite(n) ? n : value;
    }
    case 'boolean':
      if (/^(true|yes|y|1)$/i.test(value)) return true;
      if (/^(false|no|n|0)$/i.test(value)) return false;
      return value;
    case 'list':
      return value
        .split(/[;|,]/)
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return value;
  }
}

/** One batch item from one row: the mapped cells (empty ones left out) as customer_data, and the title when mapped. */
export function rowToItem(
  headers: readonly string[],
  row: readonly string[],
  fields: readonly CsvField[],
  mapping: Record<string, string | null>,
): { customer_data: Record<string, unknown>; title?: string } {
  const customerData: Record<string, unknown> = {};
  let title: string | undefined;
  for (const field of fields) {
    const column = mapping[field.path];
    if (!column) continue;
    const value = row[headers.indexOf(column)]?.trim() ?? '';
    if (value === '') continue;
    if (field.path === TITLE_FIELD) {
      title = value;
      continue;
    }
    const parts = field.path.split('.');
    let target = customerData;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts.at(-1)!] = convert(value, field.type);
  }
  return title === undefined ? { customer_data: customerData } : { customer_data: customerData, title };
}

/** The results CSV: each row's number, title, status, video id, share link and errors, for the CRM or a mail merge. */
export function resultsCsv(
  items: ReadonlyArray<{
    row: number;
    title: string | null;
    status: string;
    video_id: string | null;
    share_url: string | null;
    url: string | null;
    error: { code: string; message: string } | null;
    errors: Array<{ field: string; message: string }> | null;
  }>,
): string {
  // escapeFormulae: a title like "=HYPERLINK(…)" stays text when the file is opened in a spreadsheet.
  return Papa.unparse({
    fields: ['row', 'title', 'status', 'video_id', 'share_url', 'mp4_url', 'error'],
    data: items.map((i) => [
      i.row + 1,
      i.title ?? '',
      i.status,
      i.video_id ?? '',
      i.share_url ?? '',
      i.url ?? '',
      i.errors?.map((e) => `${e.field}: ${e.message}`).join('; ') ?? (i.error ? `${i.error.code}: ${i.error.message}` : ''),
    ]),
  }, { escapeFormulae: true });
}
