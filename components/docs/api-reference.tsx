/**
 * The API reference, rendered on the server from our OpenAPI document
 * (server/openapi/document.ts, the same one served at /api/v1/openapi.json):
 * operations grouped by tag, their parameters, request and response schemas,
 * examples and authentication, and a "Try it" form per operation (the only
 * client code on the page). No third-party viewer: nothing is loaded from
 * another host, the install needs no dependency of its own, and the page is
 * laid out and checked (axe, 390 px) like the rest of the app.
 */
import Link from 'next/link';
import { Download } from 'lucide-react';
import { Logo } from '@/components/logo';
import { cn } from '@/lib/utils';
import {
  asText,
  curlExample,
  resolve,
  type HttpMethod,
  type OpenApiDocument,
  type Operation,
  type Reference,
  type Response,
} from '@/server/openapi/reference';
import { InlineMarkdown, Markdown } from './markdown';
import { Details, SchemaView, TypeLabel, namedSchema, schemaAnchor } from './schema-view';
import './api-reference.css';
import { TryIt } from './try-it';

const METHOD_STYLE: Record<HttpMethod, string> = {
  get: 'bg-emerald-700',
  post: 'bg-indigo-600',
  put: 'bg-amber-700',
  patch: 'bg-amber-700',
  delete: 'bg-red-700',
};

export function MethodBadge({ method, className }: { method: HttpMethod; className?: string }) {
  return (
    <span className={cn('inline-block shrink-0 rounded px-1.5 py-0.5 font-mono text-[0.7rem] font-bold uppercase leading-4 text-white', METHOD_STYLE[method], className)}>
      {method === 'delete' ? 'del' : method}
    </span>
  );
}

const SCHEME_LABEL: Record<string, string> = { bearerAuth: 'API key (Bearer)', oauth1: 'OAuth 1.0a' };

export function ApiReference({ doc, reference, origin }: { doc: OpenApiDocument; reference: Reference; origin: string }) {
  return (
    <div className="min-h-full bg-slate-50">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:ring-2 focus:ring-indigo-600"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <Link href="/dashboard" className="rounded text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
            <Logo />
          </Link>
          <a
            href="/api/v1/openapi.json"
            download="clipwright-openapi.json"
            className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
          >
            <Download className="h-4 w-4" aria-hidden />
            openapi.json
          </a>
        </div>
      </header>
      <div className="mx-auto max-w-7xl px-4 sm:px-6 lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-8">
        <nav aria-label="API operations" className="hidden lg:block">
          <div className="sticky top-0 max-h-screen overflow-y-auto py-6 pr-2">
            <Contents reference={reference} />
          </div>
        </nav>
        <main id="main" tabIndex={-1} className="min-w-0 py-6 outline-none sm:py-8">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{reference.title}</h1>
          <p className="mt-1 text-sm text-slate-600">
            Version {reference.version} · OpenAPI {doc.openapi} · {reference.operationCount} operations
          </p>
          {reference.description && <Markdown text={reference.description} className="mt-4 max-w-3xl text-slate-700" />}

          <details className="mt-5 rounded-lg bg-white ring-1 ring-slate-200 lg:hidden">
            <summary className="cursor-pointer px-4 py-3 text-sm font-semibold text-slate-900">Contents</summary>
            <nav aria-label="API operations (contents)" className="border-t border-slate-200 px-4 py-3">
              <Contents reference={reference} />
            </nav>
          </details>

          <section aria-labelledby="getting-started" className="mt-8 grid gap-4 md:grid-cols-2">
            <h2 id="getting-started" className="sr-only">
              Getting started
            </h2>
            <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:p-5">
              <h3 className="text-sm font-semibold text-slate-900">Base URL</h3>
              <code className="mt-2 block font-mono text-sm text-slate-800 [overflow-wrap:anywhere]">{origin}</code>
              <p className="mt-2 text-sm text-slate-700">
                Paths below are relative to it. Errors share one shape: <a href="#schema-error" className="text-indigo-700 underline underline-offset-2">the Error object</a>.
              </p>
            </div>
            <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:p-5">
              <h3 className="text-sm font-semibold text-slate-900">Authentication</h3>
              <ul className="mt-2 space-y-2 text-sm text-slate-700">
                {reference.securitySchemes.map((s) => (
                  <li key={s.name}>
                    <span className="font-medium text-slate-900">{SCHEME_LABEL[s.name] ?? s.name}</span>
                    {s.scheme === 'bearer' && (
                      <>
                        {' '}
                        — <code className="font-mono text-xs [overflow-wrap:anywhere]">Authorization: Bearer &lt;api key&gt;</code>
                      </>
                    )}
                    {s.description && (
                      <span className="block text-slate-600">
                        <InlineMarkdown text={s.description} />
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          </section>

          {reference.tags.map((tag) => (
            <section key={tag.id} id={tag.id} aria-labelledby={`${tag.id}-title`} className="mt-12 scroll-mt-4">
              <h2 id={`${tag.id}-title`} className="text-xl font-semibold tracking-tight text-slate-900">
                {tag.name}
              </h2>
              {tag.description && <Markdown text={tag.description} className="mt-1 max-w-3xl text-sm text-slate-700" />}
              <div className="mt-4 space-y-6">
                {tag.operations.map((op) => (
                  <OperationView key={op.id} doc={doc} op={op} origin={origin} />
                ))}
              </div>
            </section>
          ))}

          <section id="schemas" aria-labelledby="schemas-title" className="mt-12 scroll-mt-4">
            <h2 id="schemas-title" className="text-xl font-semibold tracking-tight text-slate-900">
              Schemas
            </h2>
            <p className="mt-1 max-w-3xl text-sm text-slate-700">
              The objects the operations above send and answer. Every 4xx and 5xx answer of /api/v1 is an <a href="#schema-error" className="text-indigo-700 underline underline-offset-2">Error</a>, whose{' '}
              <code className="apiref-code">details</code> name each bad field; the Library endpoints answer in X&apos;s shape instead (shown with each).
            </p>
            <div className="mt-4 space-y-4">
              {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
                <section key={name} id={schemaAnchor(name)} aria-labelledby={`${schemaAnchor(name)}-title`} className="scroll-mt-4 rounded-xl bg-white px-4 py-4 ring-1 ring-slate-200 sm:px-6">
                  <h3 id={`${schemaAnchor(name)}-title`} className="font-mono text-base font-semibold text-slate-900">
                    {name}
                  </h3>
                  {schema.description && (
                    <p className="apiref-desc">
                      <InlineMarkdown text={schema.description} />
                    </p>
                  )}
                  <SchemaView doc={doc} schema={{ ...schema, description: undefined }} />
                </section>
              ))}
            </div>
          </section>
        </main>
      </div>
    </div>
  );
}

function Contents({ reference }: { reference: Reference }) {
  return (
    <ul className="space-y-4 text-sm">
      {reference.tags.map((tag) => (
        <li key={tag.id}>
          <a href={`#${tag.id}`} className="font-semibold text-slate-900 hover:text-indigo-700">
            {tag.name}
          </a>
          <ul className="mt-1 space-y-0.5">
            {tag.operations.map((op) => (
              <li key={op.id}>
                <a href={`#${op.id}`} className="flex items-start gap-2 rounded px-1 py-0.5 text-slate-700 hover:bg-slate-100 hover:text-slate-900">
                  <MethodBadge method={op.method} className="mt-0.5 w-11 text-center" />
                  <span className="min-w-0">{op.summary}</span>
                </a>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

const IN_LABEL = { path: 'Path parameters', query: 'Query parameters', header: 'Headers', cookie: 'Cookies' } as const;

function OperationView({ doc, op, origin }: { doc: OpenApiDocument; op: Operation; origin: string }) {
  const same = sameBodies(op.responses);
  const groups = (['path', 'query', 'header', 'cookie'] as const).map((where) => [where, op.parameters.filter((p) => p.in === where)] as const).filter(([, ps]) => ps.length);
  return (
    <article id={op.id} aria-labelledby={`${op.id}-title`} data-operation={`${op.method.toUpperCase()} ${op.path}`} className="scroll-mt-4 rounded-xl bg-white ring-1 ring-slate-200">
      <header className="border-b border-slate-100 px-4 py-4 sm:px-6">
        <h3 id={`${op.id}-title`} className="text-base font-semibold text-slate-900">
          {op.summary}
          {op.deprecated && <span className="ml-2 text-xs font-medium text-amber-800">deprecated</span>}
        </h3>
        <div className="mt-2 flex items-start gap-2">
          <MethodBadge method={op.method} className="mt-0.5" />
          <code className="min-w-0 font-mono text-sm text-slate-800 [overflow-wrap:anywhere]">{op.path}</code>
        </div>
        <p className="mt-2 text-xs text-slate-600">{op.auth.length ? `Auth: ${op.auth.map((a) => SCHEME_LABEL[a] ?? a).join(' or ')}` : 'Public: no API key'}</p>
        {op.description && <Markdown text={op.description} className="mt-3 max-w-3xl text-sm text-slate-700" />}
      </header>
      <div className="space-y-5 px-4 py-4 sm:px-6">
        {groups.map(([where, params]) => (
          <div key={where}>
            <h4 className="text-sm font-semibold text-slate-900">{IN_LABEL[where]}</h4>
            <ul className="mt-1 divide-y divide-slate-100">
              {params.map((p) => (
                <li key={p.name} className="apiref-field">
                  <div className="apiref-head">
                    <code className="apiref-name">{p.name}</code>
                    <TypeLabel doc={doc} schema={p.schema} />
                    {p.required && <span className="apiref-req">required</span>}
                  </div>
                  {p.description && (
                    <p className="apiref-desc">
                      <InlineMarkdown text={p.description} />
                    </p>
                  )}
                  <Details doc={doc} schema={p.schema} withDescription={false} />
                </li>
              ))}
            </ul>
          </div>
        ))}

        {op.body && (
          <div>
            <h4 className="text-sm font-semibold text-slate-900">
              Request body <span className="font-normal text-slate-600">· {op.body.contentTypes.join(', ')}</span>
            </h4>
            {op.body.description && <p className="mt-1 text-sm text-slate-700">{op.body.description}</p>}
            <div className="mt-1">
              <SchemaView doc={doc} schema={op.body.schema} />
            </div>
          </div>
        )}

        <div>
          <h4 className="text-sm font-semibold text-slate-900">Responses</h4>
          <ul className="mt-2 space-y-2">
            {op.responses.map((r) => (
              <ResponseView key={r.status} doc={doc} response={r} sameAs={same.get(r.status)} />
            ))}
          </ul>
        </div>

        <div className="grid gap-4 xl:grid-cols-2">
          <div className="min-w-0">
            <h4 className="text-sm font-semibold text-slate-900">Example request</h4>
            <CodeBlock label={`Example request: ${op.summary}`} code={curlExample(op, origin)} />
          </div>
          {op.responses[0]?.example !== undefined && (
            <div className="min-w-0">
              <h4 className="text-sm font-semibold text-slate-900">Example response · {op.responses[0].status}</h4>
              <CodeBlock label={`Example response: ${op.summary}`} code={JSON.stringify(op.responses[0].example, null, 2)} />
            </div>
          )}
        </div>

        <TryIt
          method={op.method}
          path={op.path}
          needsKey={op.auth.length > 0}
          parameters={op.parameters.map((p) => {
            const s = resolve(doc, p.schema);
            return {
              name: p.name,
              in: p.in,
              required: p.required,
              // A placeholder only from the document's own example or allowed values, not a made-up "string".
              example: s.examples?.length || s.example !== undefined || s.enum || p.in === 'path' ? asText(p.example) : '',
              enumValues: s.enum?.filter((v) => v !== null).map(String),
            };
          })}
          body={
            op.body && {
              contentType: op.body.contentType,
              required: op.body.required,
              example: op.body.contentType === 'application/json' ? JSON.stringify(op.body.example ?? {}, null, 2) : asText(op.body.example),
            }
          }
        />
      </div>
    </article>
  );
}

function ResponseView({ doc, response, sameAs }: { doc: OpenApiDocument; response: Response; sameAs?: string }) {
  const named = response.schema ? namedSchema(doc, response.schema) : undefined;
  const head = (
    <>
      <span className={Number(response.status) < 300 ? 'apiref-status apiref-ok' : 'apiref-status apiref-err'}>{response.status}</span>
      <span className="min-w-0">
        {response.description}
        {response.schema && named && (
          <>
            {' '}
            · <TypeLabel doc={doc} schema={response.schema} />
          </>
        )}
        {sameAs && <span className="text-slate-600"> · same body as {sameAs}</span>}
      </span>
    </>
  );
  if (!response.schema || named || sameAs) return <li className="apiref-resp">{head}</li>;
  return (
    <li>
      <details className="apiref-resp-fold">
        <summary className="apiref-resp">
          {head}
          <span className="sr-only">(fields)</span>
        </summary>
        <div>
          <SchemaView doc={doc} schema={response.schema} />
        </div>
      </details>
    </li>
  );
}

/** For each response whose body is the same inline schema as an earlier one's, that one's status. */
function sameBodies(responses: Response[]): Map<string, string> {
  const first = new Map<string, string>();
  const out = new Map<string, string>();
  for (const r of responses) {
    if (!r.schema || r.schema.$ref) continue;
    const key = JSON.stringify(r.schema);
    const earlier = first.get(key);
    if (earlier) out.set(r.status, earlier);
    else first.set(key, r.status);
  }
  return out;
}

function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <pre
      tabIndex={0}
      aria-label={label}
      className="mt-1 max-h-96 max-w-full overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100"
    >
      <code>{code}</code>
    </pre>
  );
}
