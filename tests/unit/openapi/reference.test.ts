import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiReference } from '@/components/docs/api-reference';
import { buildOpenApiDocument } from '@/server/openapi/document';
import { buildReference, curlExample, exampleOf, resolve, typeLabel, type OpenApiDocument } from '@/server/openapi/reference';

const doc = buildOpenApiDocument() as unknown as OpenApiDocument;
const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));

describe('API reference model', () => {
  const ref = buildReference(doc);

  it('has every operation of the document once, under its first tag, in the order of the tags', () => {
    const listed = ref.tags.flatMap((t) => t.operations.map((o) => `${o.method.toUpperCase()} ${o.path}`));
    expect(listed.sort()).toEqual([...operations].sort());
    expect(ref.operationCount).toBe(operations.length);
    expect(ref.tags.map((t) => t.name)).toEqual((doc.tags ?? []).map((t) => t.name).filter((n) => ref.tags.some((g) => g.name === n)));
    const ids = ref.tags.flatMap((t) => t.operations.map((o) => o.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of ref.tags) for (const o of t.operations) expect(o.tag).toBe(t.name);
  });

  it('takes the document’s request example, and shows JSON when an endpoint also takes forms', () => {
    const create = ref.tags.flatMap((t) => t.operations).find((o) => o.id === 'op-createvideo')!;
    expect(create.body?.contentType).toBe('application/json');
    expect(create.body?.example).toMatchObject({ template_id: 'tmpl_welcome_message', customer_data: { first_name: 'Sarah' } });
    expect(create.auth).toEqual(['bearerAuth']);
    const beacon = ref.tags.flatMap((t) => t.operations).find((o) => o.path.endsWith('/events'))!;
    expect(beacon.auth).toEqual([]);
    const upload = ref.tags.flatMap((t) => t.operations).find((o) => o.path === '/api/ads/1.1/media/upload' && o.method === 'post')!;
    expect(upload.body?.contentTypes.length).toBeGreaterThan(1);
    expect(upload.body?.contentType).toBe('application/json');
    expect(upload.auth).toEqual(['bearerAuth', 'oauth1']);
  });

  it('builds examples from a schema: examples, enums, formats, required fields, arrays and $refs', () => {
    const d: OpenApiDocument = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: {
        schemas: {
          Status: { type: 'string', enum: ['queued', 'done'] },
          Node: { type: 'object', required: ['child'], properties: { child: { $ref: '#/components/schemas/Node' } } },
        },
      },
    };
    expect(
      exampleOf(d, {
        type: 'object',
        required: ['id', 'status', 'at', 'tags', 'n'],
        properties: {
          id: { type: 'string', examples: ['vid_1'] },
          status: { $ref: '#/components/schemas/Status' },
          at: { type: 'string', format: 'date-time' },
          tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
          n: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 3 }] },
          optional: { type: 'string' },
          optionalWithExample: { type: 'string', examples: ['shown'] },
        },
      }),
    ).toEqual({ id: 'vid_1', status: 'queued', at: '2026-01-15T09:30:00.000Z', tags: ['a'], n: 3, optionalWithExample: 'shown' });
    // A schema that contains itself ends instead of recursing forever.
    expect(exampleOf(d, { $ref: '#/components/schemas/Node' })).toEqual({ child: {} });
    expect(typeLabel(d, { type: 'array', items: { $ref: '#/components/schemas/Status' } })).toBe('string[]');
    expect(typeLabel(d, { type: ['string', 'null'], format: 'uri' })).toBe('string (uri) | null');
    expect(() => resolve(d, { $ref: '#/components/schemas/Missing' })).toThrow(/#\/components\/schemas\/Missing/);
  });

  it('writes a curl line with the path examples, the key from the environment and the JSON body', () => {
    const get = ref.tags.flatMap((t) => t.operations).find((o) => o.id === 'op-getvideo')!;
    expect(curlExample(get, 'https://videos.example.com')).toBe(
      `curl -X GET 'https://videos.example.com/api/v1/videos/vid_12345abcde' \\\n  -H "Authorization: Bearer $CLIPWRIGHT_API_KEY"`,
    );
    const create = ref.tags.flatMap((t) => t.operations).find((o) => o.id === 'op-createvideo')!;
    const curl = curlExample(create, 'https://videos.example.com');
    expect(curl).toContain(`-H 'Content-Type: application/json'`);
    expect(JSON.parse(curl.slice(curl.indexOf(`-d '`) + 4, -1))).toEqual(create.body!.example);
  });
});

describe('API reference page', () => {
  const html = renderToStaticMarkup(createElement(ApiReference, { doc, reference: buildReference(doc), origin: 'https://videos.example.com' }));

  it('renders an article for every operation, with its method and path, and a Try it button', () => {
    const articles = [...html.matchAll(/<article [^>]*data-operation="([^"]+)"/g)].map((m) => m[1]);
    expect(articles.sort()).toEqual([...operations].sort());
    expect(html.match(/>Try it</g)?.length).toBe(operations.length);
    expect(html).toContain('https://videos.example.com');
  });

  it('links named schemas to their section, which exists once for each', () => {
    for (const name of Object.keys(doc.components?.schemas ?? {})) {
      const anchor = `schema-${name.toLowerCase()}`;
      expect(html.match(new RegExp(`id="${anchor}"`, 'g'))?.length, name).toBe(1);
    }
    const links = new Set([...html.matchAll(/href="#(schema-[a-z0-9-]+)"/g)].map((m) => m[1]));
    for (const l of links) expect(html, l).toContain(`id="${l}"`);
    expect(links.has('schema-video')).toBe(true);
  });

  it('loads nothing from another host', () => {
    const external = [...html.matchAll(/(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1]);
    expect(external).toEqual([]);
  });
});
