import { describe, expect, it } from 'vitest';
import {
  aiMessagingSchema,
  FOCUS_KEYS,
  FOCUS_POINT_OPTIONS,
  LENGTH_OPTIONS,
  TONE_OPTIONS,
  TONES,
} from '@/server/messaging/schemas';
import { parseAiMessaging } from '@/server/messaging/service';
import { AppError } from '@/server/lib/errors';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('aiMessagingSchema', () => {
  it('defaults every field: friendly, medium, no focus points', () => {
    expect(aiMessagingSchema.parse({})).toEqual({ tone: 'friendly', length: 'medium', focus_points: [] });
    expect(parseAiMessaging(undefined)).toEqual({ tone: 'friendly', length: 'medium', focus_points: [] });
    expect(parseAiMessaging(null)).toEqual({ tone: 'friendly', length: 'medium', focus_points: [] });
  });

  it('accepts the seed example as is', () => {
    expect(aiMessagingSchema.parse({ tone: 'professional', length: 'medium', focus_points: ['product_benefits', 'next_steps'] })).toEqual({
      tone: 'professional',
      length: 'medium',
      focus_points: ['product_benefits', 'next_steps'],
    });
  });

  it('offers labelled options for every tone, length and focus key (the UI builds its controls from them)', () => {
    expect(TONE_OPTIONS.map((o) => o.value)).toEqual([...TONES]);
    expect(LENGTH_OPTIONS.map((o) => o.value)).toEqual(['short', 'medium', 'long']);
    expect(FOCUS_POINT_OPTIONS.map((o) => o.value)).toEqual([...FOCUS_KEYS]);
    for (const o of [...TONE_OPTIONS, ...LENGTH_OPTIONS, ...FOCUS_POINT_OPTIONS]) expect(o.label.length).toBeGreaterThan(0);
    expect(FOCUS_KEYS).toEqual(expect.arrayContaining(['product_benefits', 'next_steps', 'getting_started', 'key_features']));
    expect(TONES).toEqual(expect.arrayContaining(['friendly', 'professional', 'enthusiastic', 'casual']));
  });

  it('trims free-text points and drops repeats', () => {
    expect(aiMessagingSchema.parse({ focus_points: ['  SSO rollout ', 'SSO rollout', 'next_steps'] }).focus_points).toEqual([
      'SSO rollout',
      'next_steps',
    ]);
  });

  it.each([
    [{ tone: 'sarcastic' }, 'ai_messaging.tone', 'friendly, professional, enthusiastic, casual'],
    [{ tone: 42 }, 'ai_messaging.tone', 'must be one of'],
    [{ length: 'epic' }, 'ai_messaging.length', 'short, medium, long'],
    [{ focus_points: 'next_steps' }, 'ai_messaging.focus_points', 'array'],
    [{ focus_points: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'ai_messaging.focus_points', 'at most 5'],
    [{ focus_points: ['next_steps', 'x'.repeat(81)] }, 'ai_messaging.focus_points[1]', 'at most 80'],
    [{ focus_points: ['line\nbreak'] }, 'ai_messaging.focus_points[0]', 'control characters'],
    [{ focus_points: ['   '] }, 'ai_messaging.focus_points[0]', 'empty'],
    [{ focus_points: ['product_benefit'] }, 'ai_messaging.focus_points[0]', 'unknown focus point "product_benefit"'],
    [{ focus_points: [7] }, 'ai_messaging.focus_points[0]', 'focus key'],
  ])('rejects %j naming %s', (input, field, hint) => {
    const err = errorOf(() => parseAiMessaging(input));
    expect(err.code).toBe('validation_error');
    expect(err.status).toBe(422);
    expect(err.details?.[0]?.field).toBe(field);
    expect(err.details?.[0]?.message).toContain(hint);
    expect(err.message).toContain(field);
  });

  it('accepts an 80-character free-text point', () => {
    expect(aiMessagingSchema.parse({ focus_points: ['y'.repeat(80)] }).focus_points).toHaveLength(1);
  });
});
