/**
 * The optional AI writer: any OpenAI-compatible chat endpoint (OpenAI,
 * Azure, OpenRouter, vLLM, Ollama, LM Studio…) through the AI SDK, enabled by
 * AI_BASE_URL + AI_MODEL (AI_API_KEY may be empty for local servers).
 *
 * The answer must be JSON of the asked shape, valid under the script schema,
 * follow the template's slot plan exactly and carry no placeholders. Anything
 * else (network error, HTTP error, timeout, bad JSON, wrong plan) counts as a
 * failure: the built-in writer's script is used instead and a warning logged,
 * so a flaky model never fails a video.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, NoObjectGeneratedError, Output } from 'ai';
import { z } from 'zod';
import { SCRIPT_LIMITS, scriptSchema, type Script } from '../../remotion/script';
import type { TemplateSpec } from '../../remotion/templates/registry';
import { getEnv, type Env } from '../env';
import { errorFields, logger } from '../lib/logger';
import { composeScript } from './builtin-writer';
import { readFacts } from './facts';
import { planMismatch } from './plan';
import { buildPrompt } from './prompt';
import type { AiMessaging } from './schemas';
import { writerFor } from './templates';

export type AiWriterConfig = {
  baseUrl: string;
  /** Empty for local servers that need no key. */
  apiKey?: string;
  model: string;
  timeoutMs: number;
};

/** The AI writer's settings from the environment, or null when it is not configured. */
export function aiConfigFromEnv(env: Env = getEnv()): AiWriterConfig | null {
  const model = env.AI_MODEL?.trim();
  if (!env.AI_BASE_URL || !model) return null;
  return { baseUrl: env.AI_BASE_URL, apiKey: env.AI_API_KEY?.trim() || undefined, model, timeoutMs: env.AI_TIMEOUT_MS };
}

/**
 * What the model is asked for: the script minus what it must not decide
 * (the length comes from the request, the CTA url from customer_data, so a
 * model can never point a button somewhere it made up).
 */
const aiDraftSchema = z.object({
  headline: z.string().max(SCRIPT_LIMITS.headline),
  scenes: z
    .array(
      z.object({
        kind: z.string(),
        title: z.string().max(SCRIPT_LIMITS.sceneTitle).nullish(),
        text: z.string().max(SCRIPT_LIMITS.sceneText),
      }),
    )
    .min(1)
    .max(12),
  cta_label: z.string().max(SCRIPT_LIMITS.ctaLabel),
});

type AiDraft = z.infer<typeof aiDraftSchema>;

// Leftovers of a template ("{first_name}") or of a missing value ("undefined") mean a broken answer.
const PLACEHOLDER = /[{}]|\bundefined\b|\bnull\b|\bNaN\b/;

export class AiWriterError extends Error {
  constructor(
    readonly reason: 'timeout' | 'http' | 'network' | 'invalid_output',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AiWriterError';
  }
}

function toScript(draft: AiDraft, template: TemplateSpec, aiMessaging: AiMessaging, ctaUrl: string | null): Script {
  const untitled = new Set(template.slots.filter((s) => s.title === 'none').map((s) => s.kind));
  const candidate = {
    length: aiMessaging.length,
    headline: draft.headline,
    scenes: draft.scenes.map((scene) => ({
      kind: scene.kind,
      ...(scene.title?.trim() && !untitled.has(scene.kind) ? { title: scene.title } : {}),
      text: scene.text,
    })),
    cta: { label: draft.cta_label, url: ctaUrl },
  };
  const parsed = scriptSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new AiWriterError('invalid_output', `answer is not a valid script: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const mismatch = planMismatch(parsed.data, template);
  if (mismatch) throw new AiWriterError('invalid_output', `answer does not follow the slot plan: ${mismatch}`);
  const texts = [parsed.data.headline, parsed.data.cta?.label ?? '', ...parsed.data.scenes.flatMap((s) => [s.title ?? '', s.text])];
  if (texts.some((t) => PLACEHOLDER.test(t))) throw new AiWriterError('invalid_output', 'answer contains a placeholder');
  return parsed.data;
}

function classify(err: unknown, signal: AbortSignal): AiWriterError {
  if (err instanceof AiWriterError) return err;
  if (signal.aborted || (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'))) {
    return new AiWriterError('timeout', 'the model did not answer in time', { cause: err });
  }
  if (APICallError.isInstance(err)) {
    return err.statusCode
      ? new AiWriterError('http', `the endpoint answered HTTP ${err.statusCode}`, { cause: err })
      : new AiWriterError('network', err.message, { cause: err });
  }
  if (NoObjectGeneratedError.isInstance(err)) {
    return new AiWriterError('invalid_output', `answer is not JSON of the asked shape: ${err.message}`, { cause: err });
  }
  return new AiWriterError('network', err instanceof Error ? err.message : String(err), { cause: err });
}

/**
 * Asks the model for a script. Throws AiWriterError on any failure; the
 * caller decides what to fall back to.
 */
export async function writeScriptWithAi(input: {
  template: TemplateSpec;
  customerData: Record<string, unknown>;
  aiMessaging: AiMessaging;
  config: AiWriterConfig;
  signal?: AbortSignal;
}): Promise<Script> {
  const { template, customerData, aiMessaging, config } = input;
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = input.signal ? AbortSignal.any([timeout, input.signal]) : timeout;
  const provider = createOpenAICompatible({
    name: 'clipwright-ai',
    baseURL: config.baseUrl,
    apiKey: config.apiKey,
    // json_schema response format, sent non-strict below: the schema guides the model, our own checks decide.
    supportsStructuredOutputs: true,
  });
  const { system, prompt } = buildPrompt(template, customerData, aiMessaging, writerFor(template).defaultFocus);
  try {
    const result = await generateText({
      model: provider.chatModel(config.model),
      system,
      prompt,
      output: Output.object({ schema: aiDraftSchema, name: 'video_script', description: 'On-screen copy of a personalized video' }),
      providerOptions: { openaiCompatible: { strictJsonSchema: false } },
      // One attempt only: the timeout is the whole budget, and the fallback is instant.
      maxRetries: 0,
      maxOutputTokens: 2000,
      abortSignal: signal,
    });
    return toScript(result.output, template, aiMessaging, readFacts(customerData).ctaUrl);
  } catch (err) {
    throw classify(err, signal);
  }
}

/**
 * The AI writer with the built-in writer as a safety net: any failure is
 * logged as a warning (without customer data) and the built-in script used.
 */
export async function writeScriptWithFallback(input: {
  template: TemplateSpec;
  customerData: Record<string, unknown>;
  aiMessaging: AiMessaging;
  config: AiWriterConfig;
  signal?: AbortSignal;
}): Promise<{ script: Script; writer: 'ai' | 'builtin' }> {
  const started = Date.now();
  try {
    return { script: await writeScriptWithAi(input), writer: 'ai' };
  } catch (err) {
    const reason = err instanceof AiWriterError ? err.reason : 'network';
    logger.warn('messaging.ai_writer_failed', {
      template_id: input.template.id,
      model: input.config.model,
      reason,
      duration_ms: Date.now() - started,
      ...errorFields(err),
    });
    return { script: composeScript(input.template, input.customerData, input.aiMessaging), writer: 'builtin' };
  }
}
