/**
 * Every template, by public id and by Remotion composition id. Plain data and
 * zod only (no React), so the API, the worker and the messaging writer can
 * import it in Node.
 */
import { z } from 'zod';
import type { ScriptLength } from '../script';
import { planTimeline } from '../timeline';
import type { TemplateSpec } from './define-template';
import { productDemo } from './product-demo/spec';
import { renewalReminder } from './renewal-reminder/spec';
import { usageRecap } from './usage-recap/spec';
import { welcomeMessage } from './welcome-message/spec';

export type { SceneSlot, TemplateSpec } from './define-template';

/** All templates, in the order the API lists them. */
export const templates = [welcomeMessage, productDemo, usageRecap, renewalReminder] as const;

export type TemplateId = (typeof templates)[number]['id'];

export const TEMPLATE_IDS = templates.map((t) => t.id) as readonly TemplateId[];

const byId = new Map<string, TemplateSpec>(templates.map((t) => [t.id, t]));
const byCompositionId = new Map<string, TemplateSpec>(templates.map((t) => [t.compositionId, t]));

/** Narrows a string to a known template id. */
export function isTemplateId(id: string): id is TemplateId {
  return byId.has(id);
}

/** The template with this public id (tmpl_…), or undefined. */
export function getTemplate(id: string): TemplateSpec | undefined {
  return byId.get(id);
}

/** The template behind a Remotion composition id (welcome-message), or undefined. */
export function getTemplateByCompositionId(compositionId: string): TemplateSpec | undefined {
  return byCompositionId.get(compositionId);
}

/** tmpl_welcome_message → welcome-message. Throws on an unknown id. */
export function compositionIdFor(templateId: string): string {
  const t = getTemplate(templateId);
  if (!t) throw new Error(`Unknown template "${templateId}"`);
  return t.compositionId;
}

/** welcome-message → tmpl_welcome_message. Throws on an unknown id. */
export function templateIdFor(compositionId: string): string {
  const t = getTemplateByCompositionId(compositionId);
  if (!t) throw new Error(`Unknown composition "${compositionId}"`);
  return t.id;
}

export type CustomerDataIssue = { field: string; message: string };

/**
 * Validates customer_data for a template. Issues name the field the way the
 * API reports it (`customer_data.first_name`).
 */
export function validateCustomerData(
  templateId: string,
  customerData: unknown,
): { ok: true; data: Record<string, unknown> } | { ok: false; issues: CustomerDataIssue[] } {
  const t = getTemplate(templateId);
  if (!t) return { ok: false, issues: [{ field: 'template_id', message: `Unknown template "${templateId}"` }] };
  const result = t.customerDataSchema.safeParse(customerData);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      field: ['customer_data', ...issue.path.map(String)].join('.'),
      // zod says "Invalid input: expected string, received undefined" for a field left out.
      message: issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'is required' : issue.message,
    })),
  };
}

/** JSON Schema (draft 2020-12) of the customer_data a template reads, for the API and docs. */
export function customerDataJsonSchema(templateId: string): Record<string, unknown> {
  const t = getTemplate(templateId);
  if (!t) throw new Error(`Unknown template "${templateId}"`);
  return z.toJSONSchema(t.customerDataSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** How many scenes of each slot a script of this length should have. */
export function slotPlan(templateId: string, length: ScriptLength): Array<{ kind: string; count: number }> {
  const t = getTemplate(templateId);
  if (!t) throw new Error(`Unknown template "${templateId}"`);
  return t.slots.map((s) => ({ kind: s.kind, count: s.count[length] }));
}

/** Length in frames (at 30 fps) of the video a script produces with this template. */
export function durationInFramesFor(templateId: string, script: Parameters<typeof planTimeline>[0]): number {
  const t = getTemplate(templateId);
  if (!t) throw new Error(`Unknown template "${templateId}"`);
  return planTimeline(script, t.timing).durationInFrames;
}
