import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppError, errorCodes, formatPath, fromZodError, isUniqueViolation, toAppError } from '@/server/lib/errors';
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
