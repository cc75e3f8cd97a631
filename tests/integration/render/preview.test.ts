/**
 * Preview before rendering (issue 14): POST /api/v1/videos/preview validates
 * like a create and answers the script and a real JPEG still of a chosen
 * moment, creating nothing.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as previewRoute } from '@/app/api/v1/videos/preview/route';
import type { Db } from '@/server/db/client';
import { jobs, videos } from '@/server/db/schema';
import { ensureRemotionBundle } from '@/server/render/bundle';
import { closeSharedBrowser, overrideRenderSettings } from '@/server/render/renderer';
import { testDb } from '../../helpers/db';
import { callRoute, createKey, createUser } from '../../helpers/factories';

let db: Db;
let key: string;
let accountId: string;

const seed = {
  title: 'Welcome Message for Sarah',
  template_id: 'tmpl_welcome_message',
  customer_data: { first_name: 'Sarah', last_name: 'Johnson', company: 'Acme Inc.', product_tier: 'Enterprise' },
  ai_messaging: { tone: 'professional', length: 'short', focus_points: ['product_benefits'] },
  aspect_ratio: '9:16',
};

beforeAll(async () => {
  db = (await testDb()).db;
  await ensureRemotionBundle();
  overrideRenderSettings({ scale: 0.25 });
  accountId = (await createUser(db)).account.id;
  key = (await createKey(db, accountId)).secret;
}, 240_000);

afterAll(async () => {
  overrideRenderSettings(null);
  await closeSharedBrowser();
});

const count = async () => [await db.$count(videos, eq(videos.accountId, accountId)), await db.$count(jobs, eq(jobs.accountId, accountId))];

describe('POST /api/v1/videos/preview', () => {
  it('answers the script and a JPEG still of the thumbnail moment or a chosen one, and creates nothing', async () => {
    const before = await count();
    const res = await callRoute(previewRoute, { method: 'POST', key, body: seed });
    expect(res.status).toBe(200);
    expect(res.body.script.headline).toMatch(/Sarah/);
    expect(res.body).toMatchObject({ aspect_ratio: '9:16', width: 180, height: 320 });
    expect(res.body.duration).toBeGreaterThan(5);
    const jpeg = Buffer.from(res.body.image.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(jpeg.length).toBeGreaterThan(2_000);

    const later = await callRoute(previewRoute, { method: 'POST', key, body: seed, path: '/api/v1/videos/preview?at=4.5' });
    expect(later.status).toBe(200);
    expect(later.body.at).toBeCloseTo(4.5, 1);
    expect(later.body.image).not.toBe(res.body.image);
    // The same script: the preview says what the render will.
    expect(later.body.script).toEqual(res.body.script);
    expect(await count()).toEqual(before);
  }, 120_000);

  it('refuses what a create refuses, naming the field, and a moment outside the video', async () => {
    const before = await count();
    const bad = await callRoute(previewRoute, { method: 'POST', key, body: { ...seed, customer_data: { company: 'Acme' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain('customer_data.first_name');
    const tooMany = await callRoute(previewRoute, {
      method: 'POST',
      key,
      body: { ...seed, ai_messaging: { length: 'short', focus_points: ['product_benefits', 'next_steps', 'support'] } },
    });
    expect(tooMany.body.error.details[0].field).toBe('ai_messaging.focus_points');
    const late = await callRoute(previewRoute, { method: 'POST', key, body: seed, path: '/api/v1/videos/preview?at=999' });
    expect(late.status).toBe(422);
    expect(late.body.error.details[0].field).toBe('at');
    const nan = await callRoute(previewRoute, { method: 'POST', key, body: seed, path: '/api/v1/videos/preview?at=soon' });
    expect(nan.status).toBe(400);
    expect(await count()).toEqual(before);
  }, 120_000);
});
