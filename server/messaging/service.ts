/**
 * AI messaging: turns (template, customer_data, ai_messaging) into the script
 * a video renders. Inputs are validated here and reported with API field
 * names (`customer_data.first_name`, `ai_messaging.tone`); the caller stores
 * the script on the video so every re-render says the same thing.
 */
import type { Script } from '../../remotion/script';
import { getTemplate, TEMPLATE_IDS, validateCustomerData, type TemplateSpec } from '../../remotion/templates/registry';
import { AppError, formatPath } from '../lib/errors';
import { aiConfigFromEnv, writeScriptWithFallback, type AiWriterConfig } from './ai-writer';
import { composeScript } from './builtin-writer';
import { aiMessagingSchema, DEFAULT_AI_MESSAGING, type AiMessaging } from './schemas';

export type WriteScriptParams = {
  templateId: string;
  /** Raw customer_data from the request; validated against the template's schema. */
  customerData: unknown;
  /** Raw ai_messaging from the request; absent or null means the defaults. */
  aiMessaging: unknown;
};

export type WriteScriptResult = { script: Script; writer: 'builtin' | 'ai' };

type ValidInput = { template: TemplateSpec; customerData: Record<string, unknown>; aiMessaging: AiMessaging };

/** Parses ai_messaging alone (defaults applied), with errors named like `ai_messaging.tone`. */
export function parseAiMessaging(aiMessaging: unknown): AiMessaging {
  if (aiMessaging === undefined || aiMessaging === null) return { ...DEFAULT_AI_MESSAGING, focus_points: [] };
  const parsed = aiMessagingSchema.safeParse(aiMessaging);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    field: formatPath(['ai_messaging', ...issue.path]),
    message: issue.message,
  }));
  const [first] = details;
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  throw new AppError('validation_error', first ? `${first.field}: ${first.message}${more}` : 'ai_messaging is invalid', details);
}

function validate(params: WriteScriptParams): ValidInput {
  const template = getTemplate(params.templateId);
  if (!template) {
    throw AppError.invalidField('template_id', `unknown template "${params.templateId}"; use one of ${TEMPLATE_IDS.join(', ')}`);
  }
  const data = validateCustomerData(template.id, params.customerData);
  if (!data.ok) {
    const [first] = data.issues;
    const more = data.issues.length > 1 ? ` (and ${data.issues.length - 1} more)` : '';
    throw new AppError('validation_error', first ? `${first.field}: ${first.message}${more}` : 'customer_data is invalid', data.issues);
  }
  return { template, customerData: data.data, aiMessaging: parseAiMessaging(params.aiMessaging) };
}

/**
 * The built-in writer only: synchronous, no network, deterministic. For the
 * create form's live preview; the same input gives the script `writeScript`
 * stores when no AI endpoint is configured.
 */
export function writeBuiltinScript(params: WriteScriptParams): Script {
  const input = validate(params);
  return composeScript(input.template, input.customerData, input.aiMessaging);
}

/**
 * Writes a video's script: with the AI endpoint when one is configured (and
 * the built-in writer if it fails in any way), else with the built-in writer.
 * `options.ai` overrides the environment (null turns the AI writer off).
 */
export async function writeScript(
  params: WriteScriptParams,
  options: { ai?: AiWriterConfig | null; signal?: AbortSignal } = {},
): Promise<WriteScriptResult> {
  const input = validate(params);
  const config = options.ai === undefined ? aiConfigFromEnv() : options.ai;
  if (!config) return { script: composeScript(input.template, input.customerData, input.aiMessaging), writer: 'builtin' };
  return writeScriptWithFallback({ ...input, config, signal: options.signal });
}
