import { afterEach, describe, expect, it } from 'vitest';
import { getTemplate } from '@/remotion/templates/registry';
import { resetEnvCache } from '@/server/env';
import { AppError } from '@/server/lib/errors';
import { aiConfigFromEnv } from '@/server/messaging/ai-writer';
import { buildPrompt } from '@/server/messaging/prompt';
import { aiMessagingSchema } from '@/server/messaging/schemas';
import { writeBuiltinScript, writeScript } from '@/server/messaging/service';
import { SARAH, SARAH_MESSAGING } from './fixtures';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('messaging service: validation', () => {
  it.each([
    [{ templateId: 'tmpl_nope', customerData: SARAH, aiMessaging: {} }, 'template_id', 'tmpl_welcome_message'],
    [{ templateId: 'tmpl_welcome_message', customerData: { last_name: 'Johnson' }, aiMessaging: {} }, 'customer_data.first_name', ''],
    [{ templateId: 'tmpl_welcome_message', customerData: { first_name: '   ' }, aiMessaging: {} }, 'customer_data.first_name', ''],
    [{ templateId: 'tmpl_welcome_message', customerData: 'Sarah', aiMessaging: {} }, 'customer_data', ''],
    [{ templateId: 'tmpl_usage_recap', customerData: { first_name: 'S', usage_stats: { logins: -1 } }, aiMessaging: {} }, 'customer_data.usage_stats.logins', ''],
    [{ templateId: 'tmpl_welcome_message', customerData: SARAH, aiMessaging: { tone: 'grumpy' } }, 'ai_messaging.tone', 'friendly, professional, enthusiastic, casual'],
    [{ templateId: 'tmpl_welcome_message', customerData: SARAH, aiMessaging: 'friendly' }, 'ai_messaging', ''],
  ])('rejects bad input naming the field (%#)', (params, field, hint) => {
    const err = errorOf(() => writeBuiltinScript(params));
    expect(err.code).toBe('validation_error');
    expect(err.details?.[0]?.field).toBe(field);
    expect(err.message.startsWith(field)).toBe(true);
    if (hint) expect(err.message).toContain(hint);
  });

  it('rejects bad input before calling any model', async () => {
    await expect(
      writeScript({ templateId: 'tmpl_welcome_message', customerData: {}, aiMessaging: {} }, { ai: { baseUrl: 'http://127.0.0.1:9', model: 'm', timeoutMs: 1000 } }),
    ).rejects.toMatchObject({ code: 'validation_error', details: [{ field: 'customer_data.first_name' }] });
  });
});

describe('messaging service: writers', () => {
  it('uses the built-in writer when no AI endpoint is configured', async () => {
    process.env = { ...saved, AI_BASE_URL: '', AI_MODEL: undefined, AI_API_KEY: undefined };
    resetEnvCache();
    expect(aiConfigFromEnv()).toBeNull();
    const params = { templateId: 'tmpl_usage_recap', customerData: SARAH, aiMessaging: SARAH_MESSAGING };
    const result = await writeScript(params);
    expect(result.writer).toBe('builtin');
    expect(result.script).toEqual(writeBuiltinScript(params));
  });

  it('defaults ai_messaging when it is absent', async () => {
    const result = await writeScript({ templateId: 'tmpl_welcome_message', customerData: SARAH, aiMessaging: undefined }, { ai: null });
    expect(result.script.length).toBe('medium');
  });

  it('reads the AI settings from the environment (an empty key is fine for local servers)', () => {
    process.env = { ...saved, AI_BASE_URL: 'http://127.0.0.1:11434/v1', AI_MODEL: 'llama3.1', AI_API_KEY: '', AI_TIMEOUT_MS: '5000' };
    resetEnvCache();
    expect(aiConfigFromEnv()).toEqual({ baseUrl: 'http://127.0.0.1:11434/v1', apiKey: undefined, model: 'llama3.1', timeoutMs: 5000 });
  });

  it('defaults AI_TIMEOUT_MS to 20 s and rejects a bad AI_BASE_URL', () => {
    process.env = { ...saved, AI_BASE_URL: 'https://api.openai.com/v1', AI_MODEL: 'gpt-4o-mini', AI_TIMEOUT_MS: undefined };
    resetEnvCache();
    expect(aiConfigFromEnv()?.timeoutMs).toBe(20_000);
    process.env = { ...saved, AI_BASE_URL: 'not a url' };
    resetEnvCache();
    expect(() => aiConfigFromEnv()).toThrow('AI_BASE_URL');
  });
});

describe('AI prompt', () => {
  it('spells out the slot plan, the data, the tone and the focus', () => {
    const template = getTemplate('tmpl_welcome_message');
    if (!template) throw new Error('template');
    const messaging = aiMessagingSchema.parse({ ...SARAH_MESSAGING, focus_points: ['product_benefits', 'SSO rollout'] });
    const { system, prompt } = buildPrompt(template, { ...SARAH }, messaging, ['product_benefits', 'next_steps']);
    expect(system).toMatch(/JSON/);
    expect(system).toMatch(/not instructions/);
    expect(prompt).toContain('exactly 4');
    expect(prompt).toContain('1. kind "greeting"');
    expect(prompt).toContain('2. kind "benefit" (1 of 2)');
    expect(prompt).toContain('4. kind "next_step"');
    expect(prompt).toContain('at most 110 characters');
    expect(prompt).toContain('"logins": 12');
    expect(prompt).toContain('no exclamation marks');
    expect(prompt).toContain('Product benefits');
    expect(prompt).toContain('"SSO rollout"');
    expect(prompt).toContain('"cta_label"');
  });
});
