/**
 * A typed client generated from our OpenAPI document, as a user would make
 * one (openapi-typescript + openapi-fetch), compiles against the two seeds'
 * requests with strict TypeScript: the document is complete and right enough
 * to program against, and 64-bit media ids are strings in requests (a number
 * there would not compile).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '@/server/openapi/document';

// Inside the repository, so the generated file resolves openapi-fetch from node_modules.
mkdirSync(path.resolve('node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(path.resolve('node_modules/.cache/openapi-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEED_REQUESTS = `
import createClient from 'openapi-fetch';
import type { paths } from './api';

const client = createClient<paths>({ baseUrl: 'https://video.example.com', headers: { authorization: 'Bearer cwk_…' } });

export async function seed000() {
  // POST /videos, the seed's example body.
  const created = await client.POST('/api/v1/videos', {
    body: {
      title: 'Welcome Message for Sarah',
      template_id: 'tmpl_welcome_message',
      customer_data: {
        first_name: 'Sarah',
        last_name: 'Johnson',
        company: 'Acme Inc.',
        product_tier: 'Enterprise',
        usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
      },
      ai_messaging: { tone: 'professional', length: 'medium', focus_points: ['product_benefits', 'next_steps'] },
      aspect_ratio: '9:16',
    },
  });
  const id: string | undefined = created.data?.id;
  const one = await client.GET('/api/v1/videos/{video_id}', { params: { path: { video_id: id ?? 'vid_12345abcde' } } });
  const views: number | undefined = one.data?.analytics.views;
  const completion: number | undefined = one.data?.analytics.completion_rate;
  const list = await client.GET('/api/v1/videos', { params: { query: { page: 1, limit: 20 } } });
  const total: number | undefined = list.data?.pagination.total;
  return { views, completion, total };
}

export async function seed002() {
  const account_id = '18ce54d4x5t';
  const accounts = await client.GET('/api/ads/3/accounts');
  const firstAccount: string | undefined = accounts.data?.data[0]?.id;

  const init = await client.POST('/api/ads/1.1/media/upload', {
    params: { query: { command: 'INIT', total_bytes: 4430752, media_type: 'video/mp4', media_category: 'amplify_video' } },
  });
  const mediaId: string = init.data?.media_id_string ?? '';
  await client.POST('/api/ads/1.1/media/upload', { params: { query: { command: 'FINALIZE', media_id: mediaId } } });
  const status = await client.GET('/api/ads/1.1/media/upload', { params: { query: { command: 'STATUS', media_id: mediaId } } });
  const state: 'pending' | 'in_progress' | 'succeeded' | 'failed' | undefined = status.data?.processing_info?.state;

  const associated = await client.POST('/api/ads/3/accounts/{account_id}/videos', {
    params: { path: { account_id } },
    body: { video_media_id: mediaId, title: 'Spring teaser', poster_image_media_id: '1790123456789012346' },
  });
  const videoId: string = associated.data?.data.id ?? '13_898199863531261954';
  const list = await client.GET('/api/ads/3/accounts/{account_id}/videos', {
    params: { path: { account_id }, query: { count: 10, with_deleted: true, with_total_count: true } },
  });
  const next: string | null | undefined = list.data?.next_cursor;
  const ready: boolean | undefined = list.data?.data[0]?.ready_to_tweet;
  const got = await client.GET('/api/ads/3/accounts/{account_id}/videos/{video_id}', { params: { path: { account_id, video_id: videoId } } });
  const duration: number | null | undefined = got.data?.data.duration;
  await client.PUT('/api/ads/3/accounts/{account_id}/videos/{video_id}', { params: { path: { account_id, video_id: videoId } }, body: { title: 'Renamed' } });
  const deleted = await client.DELETE('/api/ads/3/accounts/{account_id}/videos/{video_id}', { params: { path: { account_id, video_id: videoId } } });
  const gone: boolean | undefined = deleted.data?.data.deleted;

  const v2 = await client.POST('/api/ads/2/media/upload/initialize', { body: { media_type: 'video/mp4', total_bytes: 1048576, media_category: 'tweet_video' } });
  const v2Id: string | undefined = v2.data?.data.id;
  if (v2Id) await client.POST('/api/ads/2/media/upload/{id}/finalize', { params: { path: { id: v2Id } } });

  await client.POST('/api/ads/3/accounts/{account_id}/videos', {
    params: { path: { account_id } },
    // @ts-expect-error 64-bit ids are strings in requests: a number above 2^53 has already lost digits
    body: { video_media_id: 1790123456789012345 },
  });
  return { firstAccount, state, next, ready, duration, gone };
}
`;

describe('a typed client generated from the OpenAPI document', () => {
  it('compiles against the seed requests under strict TypeScript', async () => {
    const ast = await openapiTS(buildOpenApiDocument() as unknown as Parameters<typeof openapiTS>[0]);
    writeFileSync(path.join(dir, 'api.d.ts'), astToString(ast));
    writeFileSync(path.join(dir, 'seed.ts'), SEED_REQUESTS);
    const program = ts.createProgram([path.join(dir, 'seed.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  }, 60_000);

  it('gives every operation a unique operationId', () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => op.operationId ?? `(none: ${m} ${p})`));
    expect(ids.filter((id) => id.startsWith('(none'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.stringify(doc)).not.toContain('9007199254740991');
  });
});
