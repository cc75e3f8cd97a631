/**
 * The API reference page's reading of our OpenAPI document
 * (server/openapi/document.ts): operations grouped by tag in the document's
 * order, their parameters and bodies with `$ref`s resolved, and an example
 * for every schema (the document's own example, else one built from the
 * schema: its `examples`, enum, format and type). The page
 * (components/docs/) renders this with our own components, so it needs no
 * third-party viewer, loads nothing from another host and is laid out and
 * checked (axe, 390 px) like every other page.
 */

export type Schema = {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  prefixItems?: Schema[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  examples?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  deprecated?: boolean;
  [key: string]: unknown;
};

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, SecurityScheme> };
};

export type SecurityScheme = { type: string; scheme?: string; description?: string; name?: string; in?: string };

type RawParameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema; example?: unknown };
type RawMedia = { schema?: Schema; example?: unknown; examples?: Record<string, { value?: unknown }> };
type RawOperation = {
  tags?: string[];
  operationId?: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  security?: Array<Record<string, string[]>>;
  parameters?: RawParameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, RawMedia> };
  responses?: Record<string, { description?: string; content?: Record<string, RawMedia> }>;
};

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  schema: Schema;
  example: unknown;
}

export interface Body {
  required: boolean;
  description?: string;
  /** Every media type the endpoint accepts; the first is the one shown and sent (JSON when offered). */
  contentTypes: string[];
  contentType: string;
  schema: Schema;
  example: unknown;
}

export interface Response {
  status: string;
  description: string;
  contentType?: string;
  schema?: Schema;
  example?: unknown;
}

export interface Operation {
  /** The HTML id of the operation: its operationId, else method and path. */
  id: string;
  method: HttpMethod;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  deprecated: boolean;
  /** Names of the security schemes any one of which authorizes the call; empty = public. */
  auth: string[];
  parameters: Parameter[];
  body?: Body;
  responses: Response[];
}

export interface TagGroup {
  name: string;
  id: string;
  description?: string;
  operations: Operation[];
}

export interface Reference {
  title: string;
  version: string;
  description?: string;
  securitySchemes: Array<{ name: string } & SecurityScheme>;
  tags: TagGroup[];
  operationCount: number;
}

export const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Follows `$ref: '#/components/schemas/Name'` (and refs to refs); an unknown ref is an error naming it. */
export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let s = schema;
  for (let hops = 0; s.$ref; hops++) {
    const name = refName(s.$ref);
    const target = doc.components?.schemas?.[name];
    if (!target || hops > 20) throw new Error(`OpenAPI document: $ref ${s.$ref} does not name a schema in components.schemas`);
    // Keywords beside a $ref (a description) apply on top of the target.
    const { $ref: _ref, ...beside } = s;
    s = { ...target, ...beside };
  }
  return s;
}

export const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');

/** The schema's types, `null` last (`['string', 'null']` → "string | null"). */
export function typeLabel(doc: OpenApiDocument, schema: Schema): string {
  const named = schema.$ref ? refName(schema.$ref) : undefined;
  const s = resolve(doc, schema);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map((a) => typeLabel(doc, a)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const label = types
    .map((t) => {
      if (t === 'array') {
        if (s.prefixItems) return `[${s.prefixItems.map((p) => typeLabel(doc, p)).join(', ')}]`;
        return s.items ? `${typeLabel(doc, s.items)}[]` : 'array';
      }
      if (t === 'object' && named) return named;
      if (t === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object')
        return `map of ${typeLabel(doc, s.additionalProperties)}`;
      return s.format && t !== 'object' && t !== 'null' ? `${t} (${s.format})` : t;
    })
    .sort((a, b) => (a === 'null' ? 1 : b === 'null' ? -1 : 0));
  if (label.length) return label.join(' | ');
  if (s.properties) return named ?? 'object';
  if (s.enum) return 'enum';
  return named ?? 'any';
}

/** Limits and rules worth a line: "1–100", "at most 255 characters", "matches ^…$", "unique". */
export function constraints(schema: Schema): string[] {
  const out: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) out.push(`${min}–${max}${unit}`);
    else if (min !== undefined) out.push(`at least ${min}${unit}`);
    else if (max !== undefined) out.push(`at most ${max}${unit}`);
  };
  range(schema.minimum ?? schema.exclusiveMinimum, schema.maximum ?? schema.exclusiveMaximum, '');
  if (schema.exclusiveMinimum !== undefined) out[out.length - 1] = `> ${schema.exclusiveMinimum}`;
  range(schema.minLength, schema.maxLength, ' characters');
  range(schema.minItems, schema.maxItems, ' items');
  if (schema.uniqueItems) out.push('unique items');
  if (schema.pattern) out.push(`matches ${schema.pattern}`);
  return out;
}

/** The children to show under a schema: properties of objects (through arrays), alternatives. */
export function objectOf(doc: OpenApiDocument, schema: Schema): Schema | undefined {
  const s = resolve(doc, schema);
  if (s.properties) return s;
  if (s.items) return objectOf(doc, s.items);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return objectOf(doc, s.additionalProperties);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const objects = alternatives.map((a) => objectOf(doc, a)).filter((x): x is Schema => !!x);
    if (objects.length === 1) return objects[0];
  }
  return undefined;
}

/**
 * An example value for a schema: the schema's own (`examples[0]`, `example`,
 * `const`, `default`), else the first enum value, else one made from the
 * type and format. Objects list their required properties and those with an
 * example of their own; `seen` stops at a schema that contains itself.
 */
export function exampleOf(doc: OpenApiDocument, schema: Schema, seen: Set<string> = new Set(), depth = 0): unknown {
  if (schema.$ref) {
    if (seen.has(schema.$ref) || depth > 8) return {};
    return exampleOf(doc, resolve(doc, schema), new Set([...seen, schema.$ref]), depth + 1);
  }
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum.find((v) => v !== null) ?? null;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) {
    const notNull = alternatives.find((a) => resolve(doc, a).type !== 'null') ?? alternatives[0]!;
    return exampleOf(doc, notNull, seen, depth + 1);
  }
  if (schema.allOf?.length) {
    return Object.assign({}, ...schema.allOf.map((part) => exampleOf(doc, part, seen, depth + 1)).filter((v) => v && typeof v === 'object'));
  }
  const types = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : schema.type ? [schema.type] : [];
  const type = types[0] ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        const p = prop.$ref ? resolve(doc, prop) : prop;
        const hasOwn = (Array.isArray(p.examples) && p.examples.length > 0) || p.example !== undefined || p.const !== undefined;
        if (required.has(name) || hasOwn || required.size === 0) out[name] = exampleOf(doc, prop, seen, depth + 1);
      }
      if (!schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        out.key = exampleOf(doc, schema.additionalProperties, seen, depth + 1);
      }
      return out;
    }
    case 'array':
      if (schema.prefixItems) return schema.prefixItems.map((p) => exampleOf(doc, p, seen, depth + 1));
      return schema.items ? [exampleOf(doc, schema.items, seen, depth + 1)] : [];
    case 'integer':
      return schema.minimum ?? 1;
    case 'number':
      return schema.minimum ?? 1.5;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return (
        {
          'date-time': '2026-01-15T09:30:00.000Z',
          date: '2026-01-15',
          email: 'sarah@example.com',
          uri: 'https://example.com/',
          url: 'https://example.com/',
          uuid: '3f2b9c1e-8d4a-4c7e-9b1f-2a6d5e8c7b40',
        }[schema.format ?? ''] ?? 'string'
      );
    default:
      return null;
  }
}

function mediaExample(doc: OpenApiDocument, media: RawMedia): unknown {
  if (media.example !== undefined) return media.example;
  const first = media.examples && Object.values(media.examples)[0];
  if (first?.value !== undefined) return first.value;
  return media.schema ? exampleOf(doc, media.schema) : undefined;
}

/** JSON first: it is what the page shows and what "Try it" sends. */
function preferredContentType(types: string[]): string {
  return types.find((t) => t === 'application/json') ?? types[0]!;
}

export function buildReference(doc: OpenApiDocument): Reference {
  const groups = new Map<string, TagGroup>();
  for (const t of doc.tags ?? []) groups.set(t.name, { name: t.name, id: `tag-${slug(t.name)}`, description: t.description, operations: [] });
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      if (!groups.has(tag)) groups.set(tag, { name: tag, id: `tag-${slug(tag)}`, operations: [] });
      // Two paths may share an operationId (X's `/upload` and `/upload.json`): the id stays unique.
      let id = `op-${slug(op.operationId ?? `${method} ${path}`)}`;
      if (ids.has(id)) id = `op-${slug(`${method} ${path}`)}`;
      ids.add(id);
      const security = op.security ?? doc.security ?? [];
      const requestContent = op.requestBody?.content ?? {};
      const contentTypes = Object.keys(requestContent);
      const contentType = contentTypes.length ? preferredContentType(contentTypes) : undefined;
      const requestMedia = contentType !== undefined ? requestContent[contentType] : undefined;
      groups.get(tag)!.operations.push({
        id,
        method,
        path,
        tag,
        summary: op.summary ?? `${method.toUpperCase()} ${path}`,
        description: op.description,
        deprecated: !!op.deprecated,
        auth: [...new Set(security.flatMap((s) => Object.keys(s)))],
        parameters: (op.parameters ?? []).map((p) => {
          const schema = p.schema ?? {};
          return {
            name: p.name,
            in: p.in as Parameter['in'],
            required: !!p.required,
            description: p.description ?? resolve(doc, schema).description,
            schema,
            example: p.example ?? exampleOf(doc, schema),
          };
        }),
        body:
          contentType !== undefined && requestMedia
            ? {
                required: !!op.requestBody?.required,
                description: op.requestBody?.description,
                contentTypes,
                contentType,
                schema: requestMedia.schema ?? {},
                example: mediaExample(doc, requestMedia),
              }
            : undefined,
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => {
          const types = Object.keys(r.content ?? {});
          const type = types.length ? preferredContentType(types) : undefined;
          const media = type ? r.content![type] : undefined;
          return {
            status,
            description: r.description ?? '',
            contentType: type,
            schema: media?.schema,
            example: media ? mediaExample(doc, media) : undefined,
          };
        }),
      });
    }
  }
  const tags = [...groups.values()].filter((g) => g.operations.length > 0);
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: doc.info.description,
    securitySchemes: Object.entries(doc.components?.securitySchemes ?? {}).map(([name, s]) => ({ name, ...s })),
    tags,
    operationCount: tags.reduce((n, t) => n + t.operations.length, 0),
  };
}

/** A query-string or path value as text ("Try it" fields and the curl line). */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The curl command of an operation with its examples, for the page's "Example request". */
export function curlExample(op: Operation, origin = 'http://localhost:3000'): string {
  let path = op.path;
  for (const p of op.parameters.filter((x) => x.in === 'path')) path = path.replace(`{${p.name}}`, encodeURIComponent(asText(p.example)));
  const query = op.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(asText(p.example))}`)
    .join('&');
  const lines = [`curl -X ${op.method.toUpperCase()} '${origin}${path}${query ? `?${query}` : ''}'`];
  if (op.auth.length) lines.push(`  -H "Authorization: Bearer $CLIPWRIGHT_API_KEY"`);
  for (const p of op.parameters.filter((x) => x.in === 'header' && x.required)) lines.push(`  -H '${p.name}: ${asText(p.example)}'`);
  if (op.body) {
    lines.push(`  -H 'Content-Type: ${op.body.contentType}'`);
    const body = op.body.contentType === 'application/json' ? JSON.stringify(op.body.example, null, 2) : asText(op.body.example);
    lines.push(`  -d '${body.replace(/'/g, `'\\''`)}'`);
  }
  return lines.join(' \\\n');
}
