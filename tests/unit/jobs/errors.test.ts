import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/server/lib/errors';
import { classifyJobError, JobError, PermanentJobError, RetryableJobError } from '@/server/jobs/errors';
import { defineJobKind, JobRegistry } from '@/server/jobs/registry';

describe('classifyJobError', () => {
  it.each([
    ['PermanentJobError', new PermanentJobError('invalid_props', 'bad props'), { code: 'invalid_props', permanent: true }],
    ['RetryableJobError', new RetryableJobError('timeout'), { code: 'retryable_error', permanent: false }],
    [
      'RetryableJobError with delay',
      new RetryableJobError('429', { code: 'http_429', delayMs: 1500.4 }),
      { code: 'http_429', permanent: false, delayMs: 1500 },
    ],
    ['JobError', new JobError('render_crashed', 'browser died'), { code: 'render_crashed', permanent: false }],
    ['AppError 404', AppError.notFound('Video'), { code: 'not_found', permanent: true }],
    ['AppError 422', AppError.invalidField('x', 'bad'), { code: 'validation_error', permanent: true }],
    ['AppError 429', new AppError('rate_limited', 'slow down'), { code: 'rate_limited', permanent: false }],
    ['AppError 503', new AppError('service_unavailable', 'down'), { code: 'service_unavailable', permanent: false }],
    ['plain Error', new Error('ECONNRESET'), { code: 'internal_error', message: 'ECONNRESET', permanent: false }],
    ['a string', 'oops', { code: 'internal_error', message: 'oops', permanent: false }],
  ])('%s', (_name, err, expected) => {
    expect(classifyJobError(err)).toMatchObject(expected);
  });

  it('clamps a negative explicit delay to 0', () => {
    expect(new RetryableJobError('x', { delayMs: -5 }).delayMs).toBe(0);
  });

  it('truncates huge messages', () => {
    const failure = classifyJobError(new Error('x'.repeat(10_000)));
    expect(failure.message.length).toBe(2000);
  });
});

describe('defineJobKind and JobRegistry', () => {
  const payload = z.object({ id: z.string() });

  it('fills defaults', () => {
    const kind = defineJobKind({ kind: 'media.process', payload });
    expect(kind).toMatchObject({ kind: 'media.process', maxAttempts: 5, priority: 0, backoff: { baseMs: 5_000 } });
    expect(defineJobKind({ kind: 'render', payload, backoff: { capMs: 60_000 } }).backoff).toEqual({
      baseMs: 5_000,
      capMs: 60_000,
    });
  });

  it('refuses bad kind names and backoff', () => {
    expect(() => defineJobKind({ kind: 'Render', payload })).toThrow();
    expect(() => defineJobKind({ kind: 'render job', payload })).toThrow();
    expect(() => defineJobKind({ kind: 'render', payload, backoff: { baseMs: 10, capMs: 5 } })).toThrow();
  });

  it('refuses registering a kind or consumer twice', () => {
    const kind = defineJobKind({ kind: 'webhook.deliver', payload });
    const registry = new JobRegistry().register(kind, { handle: async () => undefined });
    expect(registry.kinds()).toEqual(['webhook.deliver']);
    expect(() => registry.register(kind, { handle: async () => undefined })).toThrow('registered twice');
    const consumer = { name: 'webhooks', consume: async () => {} };
    registry.registerOutboxConsumer(consumer);
    expect(() => registry.registerOutboxConsumer(consumer)).toThrow('registered twice');
    expect(() => registry.registerOutboxConsumer({ name: 'x', types: ['NotAType'], consume: async () => {} })).toThrow();
  });
});
