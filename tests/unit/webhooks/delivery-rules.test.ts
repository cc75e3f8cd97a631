/**
 * The pure parts of webhook delivery: the retry schedule (about three days,
 * jittered), Retry-After parsing and bounding, Standard Webhooks signing
 * with one or two secrets, the default timeout, and input validation.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_OPTIONS, DISABLE_AFTER_FAILING_MS, MAX_LOGGED_RESPONSE_BYTES, WEBHOOK_TIMEOUT_MS } from '@/server/webhooks/deliver';
import { endpointWants, exampleEventData, WEBHOOK_EVENT_TYPES } from '@/server/webhooks/events';
import { webhookDeliverJob } from '@/server/webhooks/jobs';
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_SCHEDULE_MS,
  nextRetryDelayMs,
  parseRetryAfterMs,
  scheduledRetryDelayMs,
} from '@/server/webhooks/retry';
import { createWebhookInput, updateWebhookInput } from '@/server/webhooks/schemas';
import { activeSecrets, newWebhookSecret, signatureHeaders } from '@/server/webhooks/signing';
import { videoDetail } from '@/server/videos/schemas';

const HOUR = 3600_000;

describe('retry schedule', () => {
  it('is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, 14 h, 14 h, 16 h: 11 attempts over about three days', () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS).toEqual([
      5_000,
      300_000,
      1_800_000,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      10 * HOUR,
      14 * HOUR,
      14 * HOUR,
      16 * HOUR,
    ]);
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total / HOUR).toBeGreaterThan(70);
    expect(total / HOUR).toBeLessThan(74);
    expect(DEFAULT_MAX_ATTEMPTS).toBe(11);
    expect(webhookDeliverJob.maxAttempts).toBe(11);
  });

  it('grows monotonically', () => {
    for (let i = 1; i < DEFAULT_RETRY_SCHEDULE_MS.length; i++) {
      expect(DEFAULT_RETRY_SCHEDULE_MS[i]!).toBeGreaterThanOrEqual(DEFAULT_RETRY_SCHEDULE_MS[i - 1]!);
    }
  });

  it('spreads each wait by ±20 %', () => {
    const s = DEFAULT_RETRY_SCHEDULE_MS;
    expect(scheduledRetryDelayMs(1, s, 0.2, () => 0)).toBe(4_000);
    expect(scheduledRetryDelayMs(1, s, 0.2, () => 0.5)).toBe(5_000);
    expect(scheduledRetryDelayMs(1, s, 0.2, () => 0.999999)).toBeCloseTo(6_000, -1);
    expect(scheduledRetryDelayMs(3, s, 0.2, () => 0.5)).toBe(30 * 60_000);
    // Past the end of the schedule the last wait repeats.
    expect(scheduledRetryDelayMs(50, s, 0, () => 0.5)).toBe(16 * HOUR);
  });
});

describe('Retry-After', () => {
  const now = new Date('2025-02-15T10:30:00Z');

  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 7 ', 7_000],
    ['Sat, 15 Feb 2025 10:31:00 GMT', 60_000],
    ['Sat, 15 Feb 2025 10:00:00 GMT', 0],
  ])('parses %j', (header, ms) => expect(parseRetryAfterMs(header, now)).toBe(ms));

  it.each([undefined, '', 'soon', '-5', '1.5', '12abc'])('ignores %j', (header) =>
    expect(parseRetryAfterMs(header, now)).toBeNull(),
  );

  it('is honoured: never earlier than asked, never beyond the bound', () => {
    const base = { failedAttempt: 1, schedule: [5_000], jitterRatio: 0, maxRetryAfterMs: 24 * HOUR };
    expect(nextRetryDelayMs({ ...base, retryAfterMs: null })).toBe(5_000);
    expect(nextRetryDelayMs({ ...base, retryAfterMs: 60_000 })).toBe(60_000);
    // A shorter Retry-After does not make us retry sooner than the schedule.
    expect(nextRetryDelayMs({ ...base, retryAfterMs: 1_000 })).toBe(5_000);
    expect(nextRetryDelayMs({ ...base, retryAfterMs: 30 * 24 * HOUR })).toBe(24 * HOUR);
  });
});

describe('signing (Standard Webhooks)', () => {
  it('makes whsec_ secrets of 24 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('signs so that the standardwebhooks library verifies the request', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: 'evt_1', type: 'video.published', timestamp: '2025-02-15T10:30:00.000Z', data: {} });
    const headers = signatureHeaders({ messageId: 'evt_1', body, secrets: [secret] });
    expect(headers['webhook-id']).toBe('evt_1');
    expect(Number(headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ id: 'evt_1' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(WebhookVerificationError);
  });

  it('signs with both secrets during a rotation; each verifies alone', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const body = '{"id":"evt_2"}';
    const headers = signatureHeaders({ messageId: 'evt_2', body, secrets: [current, previous] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toEqual({ id: 'evt_2' });
    expect(new Webhook(previous).verify(body, headers)).toEqual({ id: 'evt_2' });
  });

  it('keeps the previous secret only until it expires', () => {
    const now = new Date('2025-02-15T10:30:00Z');
    const endpoint = { secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: new Date(now.getTime() + 1000) };
    expect(activeSecrets(endpoint, now)).toEqual(['whsec_new', 'whsec_old']);
    expect(activeSecrets({ ...endpoint, previousSecretExpiresAt: new Date(now.getTime() - 1) }, now)).toEqual(['whsec_new']);
    expect(activeSecrets({ ...endpoint, previousSecret: null }, now)).toEqual(['whsec_new']);
  });
});

describe('delivery defaults', () => {
  it('cuts a request at 15 s, logs 2 KB of the answer and disables after 5 days of failures', () => {
    expect(WEBHOOK_TIMEOUT_MS).toBe(15_000);
    expect(DEFAULT_DELIVERY_OPTIONS.timeoutMs).toBe(15_000);
    expect(MAX_LOGGED_RESPONSE_BYTES).toBe(2048);
    expect(DEFAULT_DELIVERY_OPTIONS.maxResponseBytes).toBe(2048);
    expect(DISABLE_AFTER_FAILING_MS).toBe(5 * 24 * HOUR);
    expect(DEFAULT_DELIVERY_OPTIONS.retrySchedule).toBe(DEFAULT_RETRY_SCHEDULE_MS);
    expect(DEFAULT_DELIVERY_OPTIONS.policy).toBeUndefined();
  });
});

describe('events', () => {
  it('subscribes to everything with *', () => {
    expect(endpointWants(['*'], 'video.published')).toBe(true);
    expect(endpointWants(['video.failed'], 'video.published')).toBe(false);
    expect(endpointWants(['video.failed', 'video.published'], 'video.published')).toBe(true);
  });

  it('has an example payload for every type; video examples are GET-shaped videos', () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const data = exampleEventData(type, 'wh_0123456789abcdef') as { video?: unknown };
      expect(data).toBeTruthy();
      if (type.startsWith('video.')) expect(() => videoDetail.parse(data.video)).not.toThrow();
    }
    expect(exampleEventData('webhook.test', 'wh_0123456789abcdef')).toMatchObject({ endpoint_id: 'wh_0123456789abcdef' });
  });
});

describe('endpoint input', () => {
  it('defaults to every event, enabled', () => {
    expect(createWebhookInput.parse({ url: 'https://example.com/hooks' })).toEqual({
      url: 'https://example.com/hooks',
      events: ['*'],
      enabled: true,
    });
  });

  it('collapses * and duplicates', () => {
    expect(createWebhookInput.parse({ url: 'https://x.example/', events: ['video.published', '*'] }).events).toEqual(['*']);
    expect(
      createWebhookInput.parse({ url: 'https://x.example/', events: ['video.failed', 'video.failed'] }).events,
    ).toEqual(['video.failed']);
  });

  it.each([
    [{ url: 'ftp://example.com/' }, 'url'],
    [{ url: 'example.com/hooks' }, 'url'],
    [{ url: `https://example.com/${'a'.repeat(2100)}` }, 'url'],
    [{}, 'url'],
    [{ url: 'https://example.com/', events: [] }, 'events'],
    [{ url: 'https://example.com/', events: ['video.exploded'] }, 'events[0]'],
    [{ url: 'https://example.com/', events: 'video.published' }, 'events'],
    [{ url: 'https://example.com/', description: 'x'.repeat(501) }, 'description'],
    [{ url: 'https://example.com/', enabled: 'yes' }, 'enabled'],
  ])('refuses %j naming %s', (input, field) => {
    const result = createWebhookInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path.map(String).join('.').replace(/\.(\d+)/g, '[$1]')).toBe(field);
  });

  it('accepts partial updates', () => {
    expect(updateWebhookInput.parse({})).toEqual({});
    expect(updateWebhookInput.parse({ enabled: false })).toEqual({ enabled: false });
  });
});
