import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppError, errorCodes, formatPath, fromZodError, isAppError, isUniqueViolation, toAppError } from '@/server/lib/errors';
import { errorResponse } from '@/server/http/respond';

describe('AppError', () => {
  it.each(Object.entries(errorCodes))('%s maps to HTTP %o', (code, { status }) => {
    expect(new AppError(code as keyof typeof errorCodes, 'x').status).toBe(status);
  });

  it('formats field paths like customer_data.usage_stats.features_used[1]', () => {
    expect(formatPath(['customer_data', 'usage_stats', 'features_used', 1])).toBe('customer_data.usage_stats.features_used[1]');
    expect(formatPath([])).toBe('');
  });

  it('turns a zod error into a 422 naming every field', () => {
    const schema = z.object({ title: z.string(), customer_data: z.object({ first_name: z.string() }) });
    const result = schema.safeParse({ customer_data: {} });
    const err = fromZodError(result.error!);
    expect(err.status).toBe(422);
    expect(err.details?.map((d) => d.field)).toEqual(['title', 'customer_data.first_name']);
    expect(err.message).toMatch(/^title: .* \(and 1 more\)$/);
  });

  it('recognises unique violations from either driver, also wrapped', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation(new Error('x', { cause: { code: '23505' } }))).toBe(true);
    expect(isUniqueViolation(new Error('x'))).toBe(false);
    expect(toAppError({ code: '23505' }).code).toBe('conflict');
  });

  it('hides unknown errors behind a generic 500', async () => {
    const original = console.error;
    console.error = () => {};
    const res = errorResponse(new Error('password=hunter2 leaked in a stack'));
    console.error = original;
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.code).toBe('internal_error');
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('puts extra headers such as Retry-After on the response', () => {
    const res = errorResponse(new AppError('rate_limited', 'slow down', undefined, { 'Retry-After': '3' }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
  });
});

describe('errors from another copy of the module (a production bundle can hold two)', () => {
  // What an AppError thrown by a second copy of lib/errors.ts looks like to this one: same name and fields, another class.
  class ForeignAppError extends Error {
    constructor(
      readonly code: string,
      message: string,
    ) {
      super(message);
      this.name = 'AppError';
    }
    get status() {
      return 413;
    }
  }

  it('maps by name and code, not by class: a foreign 413 stays a 413, in the REST and the Ads shape', async () => {
    const foreign = new ForeignAppError('payload_too_large', 'Segment is larger than the limit');
    expect(foreign instanceof AppError).toBe(false);
    expect(isAppError(foreign)).toBe(true);
    const appError = toAppError(foreign);
    expect(appError.code).toBe('payload_too_large');
    expect(appError.status).toBe(413);
    const { toXApiError } = await import('@/server/http/x/wire');
    expect(toXApiError(foreign)).toMatchObject({ status: 413, code: 'MEDIA_TOO_LARGE' });
  });

  it('does not take any error named AppError: the code must be one of ours', () => {
    const fake = Object.assign(new Error('x'), { name: 'AppError', code: 'not_a_code' });
    expect(isAppError(fake)).toBe(false);
    expect(toAppError(fake).code).toBe('internal_error');
  });
});
