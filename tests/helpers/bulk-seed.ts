/**
 * Fills an account with many rows in a few statements (generate_series), for
 * the list-index test (EXPLAIN with enough rows) and `npm run bench:api`
 * (1k to 1M videos): videos with their per-status counters, library videos
 * with their media rows, a webhook endpoint with deliveries, API keys,
 * webhook endpoints and projects. Rows are spread one second apart, newest
 * first, with a mix of statuses; then the tables are analyzed so the planner
 * sees their real sizes.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/db/client';

export type BulkSeed = {
  videos?: number;
  library?: number;
  deliveries?: number;
  apiKeys?: number;
  /** Members (each a new user) and pending invitations. */
  members?: number;
  invitations?: number;
  endpoints?: number;
  projects?: number;
  /** Finished jobs (webhook deliveries, as a busy account leaves them) plus a few queued renders. */
  jobs?: number;
  /** Batches; the first one holds videos 1…min(1000, videos) as its items (seeded after the videos). */
  batches?: number;
  /** Videos per INSERT statement (a million rows in one statement holds a lot of memory). */
  batch?: number;
};

export type SeededIds = { projectId: string | null; endpointId: string | null; batchId?: string | null };

/** A prefix that keeps ids of several seeds (and accounts) apart. */
function tag(accountId: string): string {
  return accountId.replace(/[^a-z0-9]/g, '').slice(-8);
}

export async function bulkSeed(db: Db, accountId: string, seed: BulkSeed): Promise<SeededIds> {
  const t = tag(accountId);
  const batch = seed.batch ?? 100_000;
  let projectId: string | null = null;
  let endpointId: string | null = null;

  if (seed.projects) {
    await db.execute(sql`
      insert into projects (id, account_id, name, created_at, updated_at)
      select 'proj_' || ${t} || lpad(i::text, 8, '0'), ${accountId}, 'Project ' || i, now() - i * interval '1 minute', now()
      from generate_series(1, ${seed.projects}::int) i`);
    projectId = `proj_${t}${'1'.padStart(8, '0')}`;
  }

  if (seed.videos) {
    for (let start = 1; start <= seed.videos; start += batch) {
      const end = Math.min(seed.videos, start + batch - 1);
      // Every 10th a draft, every 25th failed, the rest published; the first project holds every 50th.
      await db.execute(sql`
        insert into videos (id, account_id, project_id, title, template_id, status, aspect_ratio, customer_data,
                            duration_seconds, width, height, video_key, thumbnail_key, progress, render_ms, published_at, created_at, updated_at)
        select 'vid_' || ${t} || lpad(to_hex(i), 8, '0'),
               ${accountId},
               case when ${projectId}::text is not null and i % 50 = 0 then ${projectId}::text end,
               'Welcome Message for Sarah ' || i,
               'tmpl_welcome_message',
               (case when i % 10 = 0 then 'draft' when i % 25 = 0 then 'failed' else 'published' end)::video_status,
               '9:16',
               '{"first_name":"Sarah","company":"Acme Inc."}'::jsonb,
               case when i % 10 = 0 or i % 25 = 0 then null else 17 end,
               720, 1280,
               case when i % 10 = 0 or i % 25 = 0 then null else 'videos/seed-' || i || '.mp4' end,
               case when i % 10 = 0 or i % 25 = 0 then null else 'thumbnails/seed-' || i || '.jpg' end,
               case when i % 10 = 0 then 0 else 1 end,
               case when i % 10 = 0 or i % 25 = 0 then null else 9000 + i % 1000 end,
               case when i % 10 = 0 or i % 25 = 0 then null else now() - i * interval '1 second' end,
               now() - i * interval '1 second', now() - i * interval '1 second'
        from generate_series(${start}::int, ${end}::int) i`);
    }
    // The counters the list's total comes from, kept in step as the app keeps them.
    await db.execute(sql`
      insert into video_counts (account_id, status, count)
      select ${accountId}, s.status::video_status, s.n from (
        select 'draft' as status, count(*) filter (where i % 10 = 0) as n from generate_series(1, ${seed.videos}::int) i
        union all select 'failed', count(*) filter (where i % 10 <> 0 and i % 25 = 0) from generate_series(1, ${seed.videos}::int) i
        union all select 'published', count(*) filter (where i % 10 <> 0 and i % 25 <> 0) from generate_series(1, ${seed.videos}::int) i
      ) s
      on conflict (account_id, status, slot) do update set count = video_counts.count + excluded.count`);
  }

  if (seed.jobs) {
    await db.execute(sql`
      insert into jobs (id, kind, account_id, payload, status, max_attempts, run_at, order_at, created_at, updated_at, finished_at)
      select 'job_' || ${t} || lpad(to_hex(i), 8, '0'), case when i % 1000 = 0 then 'render' else 'webhook.deliver' end, ${accountId}, '{}'::jsonb,
             (case when i % 1000 = 0 then 'queued' else 'succeeded' end)::job_status, 3,
             now() - i * interval '1 second', now() - i * interval '1 second', now() - i * interval '1 second', now(),
             case when i % 1000 = 0 then null else now() end
      from generate_series(1, ${seed.jobs}::int) i`);
  }

  let batchId: string | null = null;
  if (seed.batches) {
    await db.execute(sql`
      insert into batches (id, account_id, name, template_id, settings, item_count, created_at, updated_at)
      select 'bat_' || substr(${t}, 1, 4) || lpad(to_hex(i), 6, '0'), ${accountId}, 'Batch ' || i, 'tmpl_welcome_message',
             '{"template_id":"tmpl_welcome_message"}'::jsonb, 10, now() - i * interval '1 minute', now()
      from generate_series(1, ${seed.batches}::int) i`);
    batchId = `bat_${t.slice(0, 4)}000001`;
    if (seed.videos) {
      await db.execute(sql`
        update videos set batch_id = ${batchId}, batch_row = i - 1
        from generate_series(1, least(1000, ${seed.videos}::int)) i
        where videos.id = 'vid_' || ${t} || lpad(to_hex(i), 8, '0')`);
    }
  }

  if (seed.library) {
    const base = BigInt(Math.abs(hash(accountId)) % 1_000_000) * 10_000_000n + 1_000_000_000_000n;
    for (let start = 1; start <= seed.library; start += batch) {
      const end = Math.min(seed.library, start + batch - 1);
      await db.execute(sql`
        insert into media (id, account_id, kind, media_type, media_category, total_bytes, state, created_at, updated_at)
        select ${base.toString()}::bigint + i, ${accountId}, 'video', 'video/mp4', 'amplify_video', 1000, 'succeeded',
               now() - i * interval '1 second', now()
        from generate_series(${start}::int, ${end}::int) i`);
      await db.execute(sql`
        insert into library_videos (media_id, account_id, title, created_at, updated_at, deleted_at)
        select ${base.toString()}::bigint + i, ${accountId}, 'Library video ' || i, now() - i * interval '1 second', now(),
               case when i % 20 = 0 then now() end
        from generate_series(${start}::int, ${end}::int) i`);
    }
  }

  if (seed.endpoints || seed.deliveries) {
    await db.execute(sql`
      insert into webhook_endpoints (id, account_id, url, secret, created_at, updated_at)
      select 'whe_' || ${t} || lpad(i::text, 8, '0'), ${accountId}, 'https://hooks.example.com/' || i, 'whsec_seed', now() - i * interval '1 minute', now()
      from generate_series(1, ${Math.max(1, seed.endpoints ?? 0)}::int) i`);
    endpointId = `whe_${t}${'1'.padStart(8, '0')}`;
  }

  if (seed.deliveries) {
    for (let start = 1; start <= seed.deliveries; start += batch) {
      const end = Math.min(seed.deliveries, start + batch - 1);
      // Groups of five share one timestamp, as the deliveries of one outbox batch do.
      await db.execute(sql`
        insert into webhook_deliveries (id, account_id, endpoint_id, event_id, event_type, body, status, attempts, created_at, updated_at)
        select 'whd_' || ${t} || lpad(i::text, 10, '0'), ${accountId}, ${endpointId}, 'evt_' || ${t} || i, 'video.published', '{}',
               (case when i % 7 = 0 then 'failed' when i % 3 = 0 then 'pending' else 'succeeded' end)::webhook_delivery_status,
               1, now() - (i / 5) * interval '1 second', now()
        from generate_series(${start}::int, ${end}::int) i`);
    }
  }

  if (seed.apiKeys) {
    await db.execute(sql`
      insert into api_keys (id, account_id, name, prefix, hashed_key, created_at)
      select 'key_' || ${t} || lpad(i::text, 8, '0'), ${accountId}, 'Key ' || i, 'cwk_seed', md5(${t} || i::text), now() - i * interval '1 minute'
      from generate_series(1, ${seed.apiKeys}::int) i`);
  }

  if (seed.members) {
    await db.execute(sql`
      insert into users (id, email) select 'usr_' || ${t} || lpad(i::text, 8, '0'), ${t} || '-' || i || '@seed.example'
      from generate_series(1, ${seed.members}::int) i`);
    await db.execute(sql`
      insert into memberships (account_id, user_id, role, created_at)
      select ${accountId}, 'usr_' || ${t} || lpad(i::text, 8, '0'), 'member', now() - i * interval '1 minute'
      from generate_series(1, ${seed.members}::int) i`);
  }

  if (seed.invitations) {
    await db.execute(sql`
      insert into invitations (id, account_id, email, role, token_hash, created_at, expires_at)
      select 'inv_' || ${t} || lpad(i::text, 8, '0'), ${accountId}, 'inv-' || ${t} || '-' || i || '@seed.example', 'member',
             md5('inv' || ${t} || i::text), now() - i * interval '1 minute', now() + interval '7 days'
      from generate_series(1, ${seed.invitations}::int) i`);
  }

  await db.execute(sql`analyze`);
  return { projectId, endpointId, batchId };
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}
