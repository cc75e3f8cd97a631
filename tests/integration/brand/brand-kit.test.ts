/**
 * The brand kit: saved and validated in Settings (tRPC, field errors, owners
 * and admins only), copied onto each video at creation (API and UI alike)
 * without touching the customer_data the caller sent, applied by the script
 * preview as the render applies it, and shown as the sender on the watch page.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as createVideoRoute } from '@/app/api/v1/videos/route';
import { GET as getVideoRoute } from '@/app/api/v1/videos/[video_id]/route';
import { withBrandCta, withBrandDefaults } from '@/server/brand/service';
import type { Db } from '@/server/db/client';
import { memberships, videos } from '@/server/db/schema';
import { getPublicVideo } from '@/server/videos/service';
import { testDb } from '../../helpers/db';
import { callerFor, callRoute, createKey, createUser } from '../../helpers/factories';

const PNG_1PX =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const kitInput = {
  color: '#0EA5E9',
  logo_url: PNG_1PX,
  cta_label: 'Book your onboarding',
  cta_url: 'https://acme.example/onboarding',
  sender_name: 'Dana Reyes',
  sender_title: 'Customer Success, Acme',
  sender_photo_url: 'https://acme.example/dana.jpg',
};

describe('brand kit in Settings', () => {
  it('starts empty, saves, keeps fields left out, clears with an empty string', async () => {
    const { user } = await createUser(db);
    const trpc = callerFor(db, user);
    expect(await trpc.brand.get()).toEqual({
      color: null,
      logo_url: null,
      cta_label: null,
      cta_url: null,
      sender_name: null,
      sender_title: null,
      sender_photo_url: null,
    });
    expect(await trpc.brand.update(kitInput)).toEqual(kitInput);
    const partial = await trpc.brand.update({ sender_title: '' });
    expect(partial).toEqual({ ...kitInput, sender_title: null });
    expect(await trpc.brand.get()).toEqual(partial);
  });

  it('refuses bad values with the field named, and saves nothing', async () => {
    const { user } = await createUser(db);
    const trpc = callerFor(db, user);
    await trpc.brand.update({ sender_name: 'Kept' });
    const cases: Array<[Record<string, string>, string]> = [
      [{ cta_url: 'javascript:alert(1)' }, 'cta_url'],
      [{ cta_url: 'acme.com' }, 'cta_url'],
      [{ color: 'blue' }, 'color'],
      [{ logo_url: 'data:text/html;base64,PGgxPg==' }, 'logo_url'],
      [{ sender_photo_url: 'ftp://x/y.png' }, 'sender_photo_url'],
      [{ cta_label: 'x'.repeat(41) }, 'cta_label'],
      [{ sender_name: 'x'.repeat(61) }, 'sender_name'],
    ];
    for (const [input, field] of cases) {
      const err = await trpc.brand.update({ sender_name: 'Changed', ...input }).catch((e: unknown) => e);
      expect(err, field).toMatchObject({ code: 'BAD_REQUEST' }); // tRPC's input validation, details naming the field
      expect(JSON.stringify((err as { cause?: unknown }).cause ?? err), field).toContain(field);
    }
    expect((await trpc.brand.get()).sender_name).toBe('Kept');
  });

  it('lets owners and admins change it, not members; every member reads it', async () => {
    const owner = await createUser(db);
    const member = await createUser(db);
    await db.insert(memberships).values({ accountId: owner.account.id, userId: member.user.id, role: 'member' });
    await callerFor(db, owner.user, owner.account.id).brand.update({ sender_name: 'Owner' });
    const asMember = callerFor(db, member.user, owner.account.id);
    await expect(asMember.brand.update({ sender_name: 'Member' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await asMember.brand.get()).sender_name).toBe('Owner');
  });
});

describe('brand kit on videos', () => {
  it('is copied onto a video made through the API, which echoes customer_data as sent; later edits leave the video as it was', async () => {
    const { user, account } = await createUser(db);
    const { secret } = await createKey(db, account.id);
    await callerFor(db, user).brand.update(kitInput);
    const customer_data = { first_name: 'Sarah', company: 'Acme Inc.' };
    const created = await callRoute(createVideoRoute, {
      method: 'POST',
      key: secret,
      body: { title: 'Hello Sarah', template_id: 'tmpl_welcome_message', customer_data, aspect_ratio: '9:16', draft: true },
    });
    expect(created.status).toBe(201);
    const got = await callRoute(getVideoRoute, { key: secret, params: { video_id: created.body.id } });
    expect(got.body.customer_data).toEqual(customer_data);
    const [row] = await db.select().from(videos).where(eq(videos.id, created.body.id));
    expect(row?.brandKit).toEqual(kitInput);

    await callerFor(db, user).brand.update({ sender_name: 'Someone else', cta_url: '' });
    const [after] = await db.select().from(videos).where(eq(videos.id, created.body.id));
    expect(after?.brandKit).toEqual(kitInput);
  });

  it('fills what a request leaves out, and never what it says', () => {
    expect(withBrandDefaults({ first_name: 'Sarah' }, kitInput)).toEqual({
      first_name: 'Sarah',
      brand_color: '#0EA5E9',
      logo_url: PNG_1PX,
      cta_url: 'https://acme.example/onboarding',
    });
    const own = { first_name: 'Sarah', brand_color: '#111111', cta_url: 'https://own.example', logo_url: '' };
    expect(withBrandDefaults(own, kitInput)).toEqual({ ...own, logo_url: PNG_1PX });
    expect(withBrandDefaults(own, null)).toBe(own);
    const script = { headline: 'Hi', scenes: [], cta: { label: 'Get started', url: null } };
    expect(withBrandCta(script, kitInput).cta).toEqual({ label: 'Book your onboarding', url: null });
    expect(withBrandCta(script, { cta_label: null })).toBe(script);
  });

  it("gives the create form's script preview the kit's CTA label and link, as the render writes them", async () => {
    const { user } = await createUser(db);
    const trpc = callerFor(db, user);
    const before = await trpc.videos.previewScript({ template_id: 'tmpl_welcome_message', customer_data: { first_name: 'Sarah' } });
    await trpc.brand.update({ cta_label: 'Book your onboarding', cta_url: 'https://acme.example/onboarding' });
    const after = await trpc.videos.previewScript({ template_id: 'tmpl_welcome_message', customer_data: { first_name: 'Sarah' } });
    expect(before.cta?.label).not.toBe('Book your onboarding');
    expect(after.cta).toEqual({ label: 'Book your onboarding', url: 'https://acme.example/onboarding' });
    const own = await trpc.videos.previewScript({ template_id: 'tmpl_welcome_message', customer_data: { first_name: 'Sarah', cta_url: 'https://own.example/x' } });
    expect(own.cta?.url).toBe('https://own.example/x');
  });

  it('shows the sender on the watch page of a published video', async () => {
    const { user, account } = await createUser(db);
    await callerFor(db, user).brand.update(kitInput);
    const { secret } = await createKey(db, account.id);
    const created = await callRoute(createVideoRoute, {
      method: 'POST',
      key: secret,
      body: { title: 'Hello', template_id: 'tmpl_welcome_message', customer_data: { first_name: 'Sarah' }, aspect_ratio: '9:16', draft: true },
    });
    // Published as the render leaves it (the render itself is covered by the render suites and the e2e watch page).
    await db
      .update(videos)
      .set({ status: 'published', videoKey: `videos/${created.body.id}.mp4`, brand: { color: '#0EA5E9', logo: PNG_1PX } })
      .where(eq(videos.id, created.body.id));
    const shown = await getPublicVideo(db, { id: created.body.id, ctx: { origin: 'http://localhost' } });
    expect(shown?.sender).toEqual({ name: 'Dana Reyes', title: 'Customer Success, Acme', photo_url: 'https://acme.example/dana.jpg' });
    expect(shown?.logo).toBe(PNG_1PX);
  });
});
