import { describe, expect, it } from 'vitest';
import { ASPECT_RATIOS } from '@/remotion/formats';
import { MAX_SCENES, SCRIPT_LENGTHS, scriptSchema } from '@/remotion/script';
import {
  compositionIdFor,
  customerDataJsonSchema,
  getTemplate,
  getTemplateByCompositionId,
  slotPlan,
  TEMPLATE_IDS,
  templateIdFor,
  templates,
  validateCustomerData,
} from '@/remotion/templates/registry';

const sarah = {
  first_name: 'Sarah',
  last_name: 'Johnson',
  company: 'Acme Inc.',
  product_tier: 'Enterprise',
  usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
};

describe('template registry', () => {
  it('has the two seed templates, a usage recap and a fourth one', () => {
    expect(TEMPLATE_IDS).toEqual(['tmpl_welcome_message', 'tmpl_product_demo', 'tmpl_usage_recap', 'tmpl_renewal_reminder']);
  });

  it.each(templates.map((t) => [t.id, t.compositionId] as const))('maps %s to a valid composition id %s and back', (id, compositionId) => {
    expect(compositionId).toMatch(/^[a-zA-Z0-9-]+$/);
    expect(compositionIdFor(id)).toBe(compositionId);
    expect(templateIdFor(compositionId)).toBe(id);
    expect(getTemplateByCompositionId(compositionId)?.id).toBe(id);
  });

  it('maps tmpl_welcome_message to welcome-message', () => {
    expect(compositionIdFor('tmpl_welcome_message')).toBe('welcome-message');
  });

  it('throws or returns undefined for unknown ids', () => {
    expect(getTemplate('tmpl_nope')).toBeUndefined();
    expect(() => compositionIdFor('tmpl_nope')).toThrow(/Unknown template/);
    expect(() => templateIdFor('nope')).toThrow(/Unknown composition/);
  });

  it.each(templates.map((t) => [t.id] as const))('%s supports every aspect ratio and has a name and description', (id) => {
    const t = getTemplate(id)!;
    expect([...t.aspectRatios].sort()).toEqual([...ASPECT_RATIOS].sort());
    expect(t.name.length).toBeGreaterThan(3);
    expect(t.description.length).toBeGreaterThan(20);
  });
});

describe('customer_data schemas', () => {
  it('accepts the seed example for welcome_message and usage_recap', () => {
    expect(validateCustomerData('tmpl_welcome_message', sarah)).toMatchObject({ ok: true });
    expect(validateCustomerData('tmpl_usage_recap', sarah)).toMatchObject({ ok: true });
  });

  it.each(TEMPLATE_IDS.map((id) => [id]))('%s requires first_name and reports it as customer_data.first_name', (id) => {
    const missing = validateCustomerData(id, { company: 'Acme Inc.' });
    expect(missing).toEqual({ ok: false, issues: [expect.objectContaining({ field: 'customer_data.first_name' })] });
    const blank = validateCustomerData(id, { first_name: '   ' });
    expect(blank.ok).toBe(false);
  });

  it.each(TEMPLATE_IDS.map((id) => [id]))('%s works with only first_name (optional fields fall back)', (id) => {
    expect(validateCustomerData(id, { first_name: 'Ana' })).toMatchObject({ ok: true });
    for (const length of SCRIPT_LENGTHS) {
      const script = getTemplate(id)!.exampleScript({ first_name: 'Ana' }, length);
      expect(scriptSchema.safeParse(script).success).toBe(true);
      expect(JSON.stringify(script)).not.toMatch(/undefined|null,|\s{2}/);
    }
  });

  it('keeps unknown fields (customer_data may carry anything) and rejects wrong types', () => {
    const ok = validateCustomerData('tmpl_welcome_message', { first_name: 'Ana', crm_id: 42 });
    expect(ok).toEqual({ ok: true, data: { first_name: 'Ana', crm_id: 42 } });
    const bad = validateCustomerData('tmpl_usage_recap', { first_name: 'Ana', usage_stats: { logins: 'many' } });
    expect(bad).toEqual({ ok: false, issues: [expect.objectContaining({ field: 'customer_data.usage_stats.logins' })] });
    const date = validateCustomerData('tmpl_renewal_reminder', { first_name: 'Ana', renewal_date: '14/03/2026' });
    expect(date).toEqual({ ok: false, issues: [expect.objectContaining({ field: 'customer_data.renewal_date' })] });
  });

  it('trims names', () => {
    expect(validateCustomerData('tmpl_welcome_message', { first_name: '  Ana ' })).toEqual({ ok: true, data: { first_name: 'Ana' } });
  });

  it.each(TEMPLATE_IDS.map((id) => [id]))('%s publishes a JSON Schema with first_name required', (id) => {
    const schema = customerDataJsonSchema(id);
    expect(schema).toMatchObject({ type: 'object', required: ['first_name'] });
    expect(Object.keys(schema.properties as object)).toContain('first_name');
  });
});

describe('slots and example scripts', () => {
  it.each(templates.flatMap((t) => SCRIPT_LENGTHS.map((l) => [t.id, l] as const)))('%s %s example follows its slot plan', (id, length) => {
    const script = getTemplate(id)!.exampleScript(sarah, length);
    expect(scriptSchema.parse(script)).toEqual(script);
    expect(script.length).toBe(length);
    const plan = slotPlan(id, length);
    for (const { kind, count } of plan) expect(script.scenes.filter((s) => s.kind === kind)).toHaveLength(count);
    expect(script.scenes.length).toBeLessThanOrEqual(MAX_SCENES[length]);
  });

  it('fills examples from the data', () => {
    const recap = getTemplate('tmpl_usage_recap')!.exampleScript(sarah, 'short');
    expect(recap.headline).toContain('Sarah');
    expect(recap.scenes.map((s) => s.text).join(' ')).toMatch(/12 times/);
    expect(recap.scenes.map((s) => s.text).join(' ')).toMatch(/dashboard, reports and analytics/);
  });

  it('never doubles a full stop after a company such as "Acme Inc."', () => {
    for (const t of templates) {
      for (const length of SCRIPT_LENGTHS) expect(JSON.stringify(t.exampleScript(sarah, length))).not.toMatch(/\.\./);
    }
  });

  it('is deterministic', () => {
    for (const t of templates) expect(t.exampleScript(sarah, 'long')).toEqual(t.exampleScript(sarah, 'long'));
  });

  it('every slot count fits the scene limit of its length', () => {
    for (const t of templates) {
      for (const length of SCRIPT_LENGTHS) {
        const total = t.slots.reduce((sum, s) => sum + s.count[length], 0);
        expect(total).toBeGreaterThan(0);
        expect(total).toBeLessThanOrEqual(MAX_SCENES[length]);
      }
    }
  });
});
