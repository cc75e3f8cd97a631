/**
 * A JSON schema of our OpenAPI document as a list of fields: name, type,
 * required, description, limits and allowed values. A field of a named
 * schema (components.schemas) links to it in the Schemas section; other
 * nested objects fold out under their field.
 */
import { constraints, objectOf, refName, resolve, slug, typeLabel, type OpenApiDocument, type Schema } from '@/server/openapi/reference';
import { InlineMarkdown } from './markdown';

const MAX_DEPTH = 6;

export const schemaAnchor = (name: string) => `schema-${slug(name)}`;

/** The named schema a value is (directly, as its items or its one non-null alternative), if any. */
export function namedSchema(doc: OpenApiDocument, schema: Schema): string | undefined {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return doc.components?.schemas?.[name] ? name : undefined;
  }
  if (schema.items) return namedSchema(doc, schema.items);
  const alternatives = (schema.anyOf ?? schema.oneOf)?.filter((a) => a.type !== 'null');
  return alternatives?.length === 1 && alternatives[0] ? namedSchema(doc, alternatives[0]) : undefined;
}

/** A type, linked to its schema when it has a name. */
export function TypeLabel({ doc, schema }: { doc: OpenApiDocument; schema: Schema }) {
  const name = namedSchema(doc, schema);
  const label = typeLabel(doc, schema);
  if (name) return <a href={`#${schemaAnchor(name)}`} className="apiref-type">{label}</a>;
  return <span className="apiref-type">{label}</span>;
}

export function SchemaView({ doc, schema, depth = 0 }: { doc: OpenApiDocument; schema: Schema; depth?: number }) {
  const object = objectOf(doc, schema);
  if (!object) {
    return (
      <div className="apiref-field">
        <TypeLabel doc={doc} schema={schema} />
        <Details doc={doc} schema={schema} />
      </div>
    );
  }
  const required = new Set(object.required ?? []);
  const entries = Object.entries(object.properties ?? {});
  if (entries.length === 0) return <p className="apiref-desc">An object with any fields.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {entries.map(([name, prop]) => (
        <Property key={name} doc={doc} name={name} schema={prop} required={required.has(name)} depth={depth} />
      ))}
    </ul>
  );
}

function Property({ doc, name, schema, required, depth }: { doc: OpenApiDocument; name: string; schema: Schema; required: boolean; depth: number }) {
  const nested = !namedSchema(doc, schema) && depth < MAX_DEPTH && objectOf(doc, schema);
  return (
    <li className="apiref-field">
      <div className="apiref-head">
        <code className="apiref-name">{name}</code>
        <TypeLabel doc={doc} schema={schema} />
        {required && <span className="apiref-req">required</span>}
      </div>
      <Details doc={doc} schema={schema} />
      {nested && (
        <details className="apiref-nested">
          <summary>
            Fields of <code className="font-mono">{name}</code>
          </summary>
          <div>
            <SchemaView doc={doc} schema={schema} depth={depth + 1} />
          </div>
        </details>
      )}
    </li>
  );
}

/** Description, limits, allowed values and the example of one field. */
export function Details({ doc, schema, withDescription = true }: { doc: OpenApiDocument; schema: Schema; withDescription?: boolean }) {
  const s = resolve(doc, schema);
  const enumValues = s.enum ?? (s.items ? resolve(doc, s.items).enum : undefined);
  const limits = constraints(s);
  const example = Array.isArray(s.examples) && s.examples.length ? s.examples[0] : s.example;
  // A named schema's own description is shown in the Schemas section; a field's description (beside its $ref) here.
  const description = schema.$ref ? schema.description : s.description;
  return (
    <>
      {withDescription && description && (
        <p className="apiref-desc">
          <InlineMarkdown text={description} />
        </p>
      )}
      {enumValues && enumValues.length > 0 && (
        <p className="apiref-meta">
          One of:{' '}
          {enumValues.map((v, i) => (
            <span key={i}>
              {i > 0 && ' '}
              <code className="apiref-code">{JSON.stringify(v)}</code>
            </span>
          ))}
        </p>
      )}
      {limits.length > 0 && <p className="apiref-meta">{limits.join(' · ')}</p>}
      {example !== undefined && typeof example !== 'object' && (
        <p className="apiref-meta">
          Example: <code className="apiref-code">{JSON.stringify(example)}</code>
        </p>
      )}
    </>
  );
}
