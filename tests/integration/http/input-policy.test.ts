/**
 * One input policy for every transport (server/lib/input-policy.ts): text
 * Postgres cannot store (a NUL, a lone surrogate) and JSON nested past the
 * limit are refused with a 4xx naming the value, path ids that cannot name
 * anything are a 404 before any query, and nothing is written. Each case
 * used to answer 500 (the hardening issue's findings 1–3). Runs on PGlite
 * and on Postgres, which is the stricter of the two about NUL.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as adsList } from '@/app/api/ads/3/accounts/[account_id]/videos/route';
import { POST as createProject } from '@/app/api/v1/projects/route';
import { GET as getProject } from '@/app/api/v1/projects/[project_id]/route';
import { GET as listVideos, POST as createVideo } from '@/app/api/v1/videos/route';
import { DELETE as deleteVideo, GET as getVideo } from '@/app/api/v1/videos/[video_id]/route';
import { POST as postEvent } from '@/app/api/v1/videos/[video_id]/events/route';
import { GET as getWebhook } from '@/app/api/v1/webhooks/[webhook_id]/route';
import { POST as signUp } from '@/app/api/signup/route';
import type { Db } from '@/server/db/client';
import { projects, videos } from '@/server/db/schema';
import { findInputIssue, isPlausiblePathId, MAX_JSON_DEPTH } from '@/server/lib/input-policy';
import { callRoute, callerFor, createKey, createUser } from '../../helpers/factories';
import { testDb } from '../../helpers/db';

let db: Db;
let key: string;
let accountId: string;
let user: { id: string; email: string };

const sarah = {
  title: 'Welcome Message for Sarah',
  template_id: 'tmpl_welcome_message',
  customer_data: { first_name: 'Sarah', company: 'Acme Inc.' },
  ai_messaging: { tone: 'friendly', length: 'short' },
  aspect_ratio: '9:16',
  status: 'draft',
};

function nested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

beforeAll(async () => {
  db = (await testDb()).db;
  const a = await createUser(db);
  accountId = a.account.id;
  user = a.user;
  key = (await createKey(db, accountId)).secret;
});

describe('the policy', () => {
  it('finds NUL, lone surrogates and deep nesting by path, and lets real text through', () => {
    expect(findInputIssue({ name: 'Sarah 🎉 Johnson', notes: ['é', '漢字'] })).toBeNull();
    expect(findInputIssue({ name: 'a\u0000b' })).toEqual({ field: 'name', message: expect.stringContaining('NUL') });
    expect(findInputIssue({ customer_data: { tags: ['ok', '\ud800'] } })?.field).toBe('customer_data.tags[1]');
    expect(findInputIssue({ x: '\udc00' })?.message).toContain('surrogate');
    expect(findInputIssue({ x: '\udc00\ud800' })?.field).toBe('x'); // a reversed pair is two lone halves
    expect(findInputIssue({ metadata: { 'bad\u0000key': 1 } })?.field).toBe('metadata["bad\\u0000key"]');
    expect(findInputIssue(nested(MAX_JSON_DEPTH - 1))).toBeNull();
    expect(findInputIssue(nested(MAX_JSON_DEPTH + 1))?.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
    // Iterative: a document as deep as a 256 KB body allows does not overflow the stack.
    expect(findInputIssue(nested(128_000))?.message).toContain('deeper');
  });

  it('takes short printable ASCII as a path id, and nothing else', () => {
    expect(isPlausiblePathId('vid_abc123defg')).toBe(true);
    expect(isPlausiblePathId('13_1790123456789012345')).toBe(true);
    for (const bad of ['', '\u0000', 'vid_\u0000', 'a b', 'é', 'x'.repeat(201), '\ud800']) expect(isPlausiblePathId(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe('JSON bodies: 422 naming the value, nothing written', () => {
  it.each([
    ['a NUL in a project name', createProject, { name: 'Onboarding\u0000' }, 'name'],
    ['a lone surrogate in a project name', createProject, { name: '\ud800' }, 'name'],
    ['a NUL in customer_data', createVideo, { ...sarah, customer_data: { ...sarah.customer_data, company: 'Ac\u0000me' } }, 'customer_data.company'],
    ['a lone surrogate in a title', createVideo, { ...sarah, title: 'Hi \udbff' }, 'title'],
    ['a NUL in a metadata key', createVideo, { ...sarah, metadata: { 'crm\u0000id': '1' } }, 'metadata["crm\\u0000id"]'],
    // Sent as text: JSON.stringify itself cannot write it (that was the 500), JSON.parse reads it.
    ['customer_data nested 5,000 levels', createVideo, `{"title":"t","template_id":"tmpl_welcome_message","customer_data":{"first_name":"S","extra":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}}`, 'customer_data.extra'],
  ] as const)('%s', async (_name, route, body, field) => {
    const [projectsBefore, videosBefore] = await Promise.all([
      db.$count(projects, eq(projects.accountId, accountId)),
      db.$count(videos, eq(videos.accountId, accountId)),
    ]);
    const res =
      typeof body === 'string'
        ? await callRoute(route, { method: 'POST', key, rawBody: body, headers: { 'content-type': 'application/json' } })
        : await callRoute(route, { method: 'POST', key, body });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_error');
    expect(res.body.error.details[0].field.startsWith(field)).toBe(true);
    expect(await db.$count(projects, eq(projects.accountId, accountId))).toBe(projectsBefore);
    expect(await db.$count(videos, eq(videos.accountId, accountId))).toBe(videosBefore);
  });

  it('sign-up with a NUL in the name or account name: 422, no user', async () => {
    for (const body of [
      { email: `nul-${Date.now()}@example.com`, password: 'a-long-enough-password', name: 'Sa\u0000rah' },
      { email: `nul2-${Date.now()}@example.com`, password: 'a-long-enough-password', account_name: '\ud800' },
    ]) {
      const res = await callRoute(signUp, { method: 'POST', body });
      expect(res.status).toBe(422);
      expect(res.body.error.details[0].field).toMatch(/^(name|account_name)$/);
    }
  });

  it('a query parameter with a NUL: 400 naming it', async () => {
    const res = await callRoute(listVideos, { key, path: '/api/v1/videos?status=%00' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('status');
  });
});

describe('path ids: 404 before any query', () => {
  it.each([
    ['GET /videos/%00', getVideo, 'GET', { video_id: '\u0000' }],
    ['DELETE /videos/vid_%00', deleteVideo, 'DELETE', { video_id: 'vid_\u0000' }],
    ['GET /projects/%00', getProject, 'GET', { project_id: '\u0000' }],
    ['GET /webhooks/%00', getWebhook, 'GET', { webhook_id: '\u0000' }],
  ] as const)('%s', async (_name, route, method, params) => {
    const res = await callRoute(route as never, { method, key, params });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('the public playback beacon (no key) with %00: 404', async () => {
    const res = await callRoute(postEvent, {
      method: 'POST',
      params: { video_id: '\u0000' },
      body: { type: 'start', session_id: 'sess_1234567890', position: 0 },
      headers: { 'user-agent': 'Mozilla/5.0' },
    });
    expect(res.status).toBe(404);
  });

  it('the Ads API with %00 as the account: 403 like any account that is not yours', async () => {
    const res = await callRoute(adsList, { key, params: { account_id: '\u0000' } });
    expect(res.status).toBe(403);
    expect(res.body.errors[0].code).toBe('UNAUTHORIZED_ACCESS');
  });

  it('the Ads API with a NUL in a parameter: 400 INVALID_PARAMETER naming it', async () => {
    const res = await callRoute(adsList, { key, params: { account_id: accountId }, path: `/api/ads/3/accounts/${accountId}/videos?cursor=%00` });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('INVALID_PARAMETER');
    expect(res.body.errors[0].parameter).toBe('cursor');
  });
});

describe('tRPC inputs', () => {
  it('apiKeys.revoke and account.create with a NUL: 422 naming the field, not a 500', async () => {
    const caller = callerFor(db, user, accountId);
    await expect(caller.apiKeys.revoke({ id: '\u0000' })).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT', message: expect.stringMatching(/^id: .*NUL/) });
    await expect(caller.account.create({ name: 'Team\u0000' })).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT', message: expect.stringMatching(/^name: /) });
  });

  it('an account hint with a NUL is NOT_FOUND', async () => {
    await expect(callerFor(db, user, 'acc\u0000').apiKeys.list()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
