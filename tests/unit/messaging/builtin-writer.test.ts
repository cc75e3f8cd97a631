import { describe, expect, it } from 'vitest';
import { SCRIPT_LENGTHS, scriptSchema, type Script, type ScriptLength } from '@/remotion/script';
import { getTemplate, slotPlan, templates, validateCustomerData, type TemplateSpec } from '@/remotion/templates/registry';
import { composeScript } from '@/server/messaging/builtin-writer';
import { aiMessagingSchema, TONES, type AiMessagingInput } from '@/server/messaging/schemas';
import { writeBuiltinScript } from '@/server/messaging/service';
import { freeTextPoint } from '@/server/messaging/text';
import { LEAKS, SARAH, SARAH_MESSAGING } from './fixtures';

const ALL_TEMPLATE_IDS = templates.map((t) => t.id);

function write(templateId: string, customerData: unknown, aiMessaging: AiMessagingInput = {}): Script {
  return writeBuiltinScript({ templateId, customerData, aiMessaging });
}

/** Every string a viewer sees. */
function visible(script: Script): string[] {
  return [script.headline, script.cta?.label ?? '', ...script.scenes.flatMap((s) => [s.title ?? '', s.text])].filter(Boolean);
}

function allText(script: Script): string {
  return visible(script).join('\n');
}

function expectedKinds(templateId: string, length: ScriptLength): string[] {
  return slotPlan(templateId, length).flatMap(({ kind, count }) => Array<string>(count).fill(kind));
}

function expectFollowsPlan(template: TemplateSpec, script: Script, length: ScriptLength) {
  expect(scriptSchema.safeParse(script).success).toBe(true);
  expect(script.length).toBe(length);
  expect(script.scenes.map((s) => s.kind)).toEqual(
    template.slots.flatMap((slot) => Array<string>(slot.count[length]).fill(slot.kind)),
  );
  for (const scene of script.scenes) {
    const slot = template.slots.find((s) => s.kind === scene.kind);
    if (slot?.title === 'required') expect(scene.title, `${scene.kind} needs a title`).toBeTruthy();
    if (slot?.title === 'none') expect(scene.title).toBeUndefined();
  }
}

function expectClean(script: Script) {
  for (const text of visible(script)) {
    expect(text, text).not.toMatch(LEAKS);
    expect(text, text).not.toMatch(/ {2}| [,.!?]|\.\.(?!\.)|,,/);
    expect(text.trim()).toBe(text);
  }
}

describe('built-in writer: every template × tone × length', () => {
  const cases = ALL_TEMPLATE_IDS.flatMap((id) => TONES.flatMap((tone) => SCRIPT_LENGTHS.map((length) => [id, tone, length] as const)));

  it.each(cases)('%s %s %s follows the slot plan and validates', (id, tone, length) => {
    const template = getTemplate(id);
    if (!template) throw new Error(id);
    for (const data of [SARAH, { first_name: 'Sam' }]) {
      const script = write(id, data, { tone, length, focus_points: ['product_benefits', 'next_steps'] });
      expectFollowsPlan(template, script, length);
      expect(script.scenes.map((s) => s.kind)).toEqual(expectedKinds(id, length));
      expect(script.headline).toContain(data.first_name);
      expect(script.cta?.label).toBeTruthy();
      expect(script.cta?.url).toBeNull();
      expectClean(script);
    }
  });

  it('never repeats a scene within a script', () => {
    for (const id of ALL_TEMPLATE_IDS) {
      for (const tone of TONES) {
        const script = write(id, SARAH, { tone, length: 'long' });
        const titles = script.scenes.map((s) => s.title).filter(Boolean);
        expect(new Set(titles).size, `${id} ${tone}: ${titles.join(' | ')}`).toBe(titles.length);
        expect(new Set(script.scenes.map((s) => s.text)).size).toBe(script.scenes.length);
      }
    }
  });
});

describe('built-in writer: the seed example (Sarah)', () => {
  it('usage recap quotes her numbers and features exactly', () => {
    const script = write('tmpl_usage_recap', SARAH, SARAH_MESSAGING);
    const logins = script.scenes.find((s) => s.kind === 'logins');
    const features = script.scenes.find((s) => s.kind === 'features');
    expect(logins?.text).toContain('12 logins');
    expect(features?.text).toContain('dashboard, reports and analytics');
    expect(script.headline).toContain('Sarah');
    expect(script.cta?.label).toBe('See your dashboard');
  });

  it('welcome message greets her plan and company and uses her usage', () => {
    const script = write('tmpl_welcome_message', SARAH, SARAH_MESSAGING);
    const text = allText(script);
    expect(text).toContain('Enterprise');
    expect(text).toContain('Acme Inc.');
    expect(text).toContain('12 logins');
    expect(text).toContain('dashboard, reports and analytics');
    expect(script.scenes.map((s) => s.kind)).toEqual(['greeting', 'benefit', 'benefit', 'next_step']);
    expect(script.cta?.label).toBe('Get started');
  });

  it('every tone quotes "12 logins" and the feature list in the usage recap', () => {
    for (const tone of TONES) {
      for (const length of SCRIPT_LENGTHS) {
        const text = allText(write('tmpl_usage_recap', SARAH, { tone, length }));
        expect(text, `${tone} ${length}`).toContain('12 logins');
        expect(text, `${tone} ${length}`).toContain('dashboard, reports and analytics');
      }
    }
  });

  it('is deterministic, whatever the key order of the data', () => {
    const reordered = {
      usage_stats: { features_used: ['dashboard', 'reports', 'analytics'], logins: 12 },
      product_tier: 'Enterprise',
      company: 'Acme Inc.',
      last_name: 'Johnson',
      first_name: 'Sarah',
    };
    for (const id of ALL_TEMPLATE_IDS) {
      const a = write(id, SARAH, SARAH_MESSAGING);
      expect(write(id, SARAH, SARAH_MESSAGING)).toEqual(a);
      expect(write(id, reordered, SARAH_MESSAGING)).toEqual(a);
    }
  });
});

describe('built-in writer: tones', () => {
  it.each(ALL_TEMPLATE_IDS)('%s: headline, opening scene and CTA all differ across the four tones', (id) => {
    const scripts = TONES.map((tone) => write(id, SARAH, { tone, length: 'medium' }));
    expect(new Set(scripts.map((s) => s.headline)).size).toBe(4);
    expect(new Set(scripts.map((s) => s.cta?.label)).size).toBe(4);
    expect(new Set(scripts.map((s) => s.scenes[0]?.text)).size).toBe(4);
    // Not just punctuation: the words differ.
    const words = scripts.map((s) => allText(s).toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ''));
    expect(new Set(words).size).toBe(4);
  });

  it('professional copy has no exclamation marks or emoji; enthusiastic has both energy and restraint', () => {
    for (const id of ALL_TEMPLATE_IDS) {
      for (const length of SCRIPT_LENGTHS) {
        const pro = allText(write(id, SARAH, { tone: 'professional', length }));
        expect(pro, id).not.toContain('!');
        expect(pro, id).not.toMatch(/\p{Extended_Pictographic}/u);
        const enthusiastic = write(id, SARAH, { tone: 'enthusiastic', length });
        expect(allText(enthusiastic)).toContain('!');
        // Emoji only ever in the headline.
        for (const scene of enthusiastic.scenes) expect(`${scene.title ?? ''} ${scene.text}`).not.toMatch(/\p{Extended_Pictographic}/u);
      }
    }
  });

  it('professional avoids contractions, casual and friendly use them', () => {
    const pro = allText(write('tmpl_welcome_message', SARAH, { tone: 'professional', length: 'long' }));
    expect(pro).not.toMatch(/\b(we're|you're|it's|we'll|don't|there's)\b/i);
    const casual = allText(write('tmpl_welcome_message', SARAH, { tone: 'casual', length: 'long' }));
    expect(casual).toMatch(/'/);
  });
});

describe('built-in writer: lengths', () => {
  it.each(ALL_TEMPLATE_IDS)('%s: short < medium < long in scene count', (id) => {
    const counts = SCRIPT_LENGTHS.map((length) => write(id, SARAH, { length }).scenes.length);
    expect(counts[0]).toBeLessThan(counts[1] ?? 0);
    expect(counts[1]).toBeLessThan(counts[2] ?? 0);
  });

  it('long scripts say more than short ones', () => {
    for (const id of ALL_TEMPLATE_IDS) {
      const short = allText(write(id, SARAH, { length: 'short' })).length;
      const long = allText(write(id, SARAH, { length: 'long' })).length;
      expect(long).toBeGreaterThan(short * 1.8);
    }
  });
});

describe('built-in writer: what picks the phrasing', () => {
  it('only fields the copy can say: a new brand colour, logo or CTA link never rewrites the words', () => {
    for (const t of templates) {
      const data = t.exampleData as Record<string, unknown>;
      const plain = write(t.id, data, SARAH_MESSAGING);
      const branded = write(t.id, { ...data, brand_color: '#E4572E', logo_url: 'https://acme.example/logo.png', cta_url: 'https://acme.example/go' }, SARAH_MESSAGING);
      expect({ ...branded, cta: { ...branded.cta, url: null } }, t.id).toEqual({ ...plain, cta: { ...plain.cta, url: null } });
    }
  });
});

describe('focus point capacity', () => {
  it('says when a length has fewer scenes than points, and which lengths have enough', async () => {
    const { focusPointsOverCapacity } = await import('@/server/messaging/plan');
    const welcome = getTemplate('tmpl_welcome_message')!;
    expect(focusPointsOverCapacity(welcome, 'short', 2)).toBeNull();
    expect(focusPointsOverCapacity(welcome, 'short', 3)).toBe(
      'a short welcome message video has 2 scenes, so it covers at most 2 focus points, not 3: choose length "medium" (up to 4) or "long" (up to 8), or keep 2',
    );
  });
});

describe('built-in writer: focus points', () => {
  const benefitTexts = (focus: string[]) =>
    write('tmpl_welcome_message', SARAH, { tone: 'friendly', length: 'medium', focus_points: focus })
      .scenes.filter((s) => s.kind !== 'greeting')
      .map((s) => `${s.title} — ${s.text}`)
      .join('\n');

  it('changes what fills the variable slots', () => {
    const variants = [['product_benefits'], ['next_steps'], ['getting_started'], ['key_features'], ['support'], ['thank_you']].map(benefitTexts);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('key_features talks about her features by name', () => {
    const text = benefitTexts(['key_features']);
    expect(text).toMatch(/dashboard|reports|analytics/i);
  });

  it('support and thank_you show up in a usage recap', () => {
    const support = write('tmpl_usage_recap', SARAH, { length: 'medium', tone: 'professional', focus_points: ['support'] });
    expect(support.scenes.find((s) => s.kind === 'tip')?.text).toMatch(/session|help|team/i);
    const thanks = write('tmpl_usage_recap', SARAH, { length: 'medium', tone: 'professional', focus_points: ['thank_you'] });
    expect(thanks.scenes.find((s) => s.kind === 'highlight')?.text).toMatch(/thank|appreciate/i);
  });

  it('upgrade turns the renewal offer into room to grow', () => {
    const offer = write('tmpl_renewal_reminder', { first_name: 'Sarah', seats: 25 }, { length: 'medium', tone: 'professional', focus_points: ['upgrade'] })
      .scenes.find((s) => s.kind === 'offer');
    expect(offer?.title).toBe('Room to grow');
  });

  it.each(ALL_TEMPLATE_IDS.flatMap((id) => SCRIPT_LENGTHS.map((length) => [id, length] as const)))(
    '%s %s: a free-text point always appears, naturally',
    (id, length) => {
      for (const tone of TONES) {
        const script = write(id, SARAH, { tone, length, focus_points: ['product_benefits', 'SSO rollout'] });
        expect(allText(script), `${tone}`).toMatch(/SSO rollout/);
        expect(allText(script)).not.toMatch(/about SSO rollout|with SSO rollout/);
        expectClean(script);
      }
    },
  );

  it('weaves several free-text points without repeating a sentence frame', () => {
    const script = write('tmpl_usage_recap', SARAH, {
      tone: 'friendly',
      length: 'short',
      focus_points: ['Mention the SSO rollout', 'the Q3 roadmap', 'our new SOC 2 report'],
    });
    const text = allText(script);
    expect(text).toContain('the SSO rollout');
    expect(text).toContain('the Q3 roadmap');
    expect(text).toContain('our new SOC 2 report');
    expect(text).not.toMatch(/Mention/);
  });

  it('gives a free-text point its own titled scene when the slot has room', () => {
    const script = write('tmpl_welcome_message', SARAH, { tone: 'professional', length: 'long', focus_points: ['SSO rollout'] });
    expect(script.scenes.some((s) => s.title === 'SSO rollout' && s.text.includes('the SSO rollout'))).toBe(true);
  });
});

describe('built-in writer: sparse and edge data', () => {
  const edgeCases: Array<[string, Record<string, unknown>]> = [
    ['only first_name', { first_name: 'Sam' }],
    [
      'very long values',
      {
        first_name: 'Maximilian-Alexander Christopher-Johannes Von Wolfenstein',
        last_name: 'x'.repeat(60),
        company: 'The Extraordinarily Long Company Name International Holdings GmbH & Co. KG',
        product_tier: 'Enterprise Unlimited Premium Edition',
        product_name: 'Some Really Long Product Name Suite',
        use_case: 'consolidating quarterly board reporting across every business unit',
        period: 'last 30 days',
      },
    ],
    ['CJK', { first_name: '佐藤', company: '株式会社テスト', product_tier: '企業版', usage_stats: { logins: 3, features_used: ['ダッシュボード', 'レポート'] } }],
    ['emoji', { first_name: 'Zoë 🚀', company: 'Yahoo!', usage_stats: { logins: 1240, features_used: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } }],
    ['0 logins, no features', { first_name: 'Ana', usage_stats: { logins: 0, features_used: [] } }],
    ['1 login, 1 feature', { first_name: 'Ana', usage_stats: { logins: 1, features_used: ['reports'] } }],
    ['empty strings from a CRM', { first_name: 'Ana', last_name: '', company: '', product_tier: '' }],
  ];

  it.each(edgeCases)('%s: valid, on plan and clean for every template, tone and length', (_name, data) => {
    for (const template of templates) {
      const parsed = validateCustomerData(template.id, data);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      for (const tone of TONES) {
        for (const length of SCRIPT_LENGTHS) {
          for (const focus of [[], ['key_features', 'usage_insights', 'upgrade', 'support', 'thank_you'], ['getting_started', 'A'.repeat(80)]]) {
            const script = composeScript(template, parsed.data, aiMessagingSchema.parse({ tone, length, focus_points: focus }));
            expectFollowsPlan(template, script, length);
            expectClean(script);
          }
        }
      }
    }
  });

  it('pluralises logins correctly at 0, 1 and many', () => {
    for (const tone of TONES) {
      const one = allText(write('tmpl_usage_recap', { first_name: 'Ana', usage_stats: { logins: 1 } }, { tone }));
      expect(one).toContain('1 login');
      expect(one).not.toContain('1 logins');
      const zero = allText(write('tmpl_usage_recap', { first_name: 'Ana', usage_stats: { logins: 0 } }, { tone }));
      expect(zero).not.toMatch(/0 logins?\b/);
      const many = allText(write('tmpl_usage_recap', { first_name: 'Ana', usage_stats: { logins: 1240 } }, { tone }));
      expect(many).toContain('1,240 logins');
    }
  });

  it('does not celebrate a habit that is not there', () => {
    for (const tone of TONES) {
      const script = write('tmpl_usage_recap', { first_name: 'Ana', usage_stats: { logins: 0, features_used: [] } }, { tone, length: 'long' });
      expect(allText(script)).not.toMatch(/habit unlocked|power user|you're a regular|on a roll/i);
    }
  });

  it('caps a long feature list', () => {
    const text = allText(write('tmpl_usage_recap', { first_name: 'Ana', usage_stats: { features_used: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } }, { tone: 'professional' }));
    expect(text).toContain('a, b, c and 4 more');
  });

  it('writes the renewal date in words and never invents a discount', () => {
    for (const tone of TONES) {
      const text = allText(write('tmpl_renewal_reminder', { first_name: 'Sarah', renewal_date: '2026-03-14', seats: 25 }, { tone, length: 'long' }));
      expect(text).toContain('March 14');
      expect(text).not.toMatch(/\d+\s?%|free|discount|\$\d/i);
    }
  });

  it('uses a valid cta_url, none without one, and refuses an unsafe one naming the field', () => {
    const ok = write('tmpl_welcome_message', { first_name: 'Sarah', cta_url: 'https://acme.example.com/start' });
    expect(ok.cta).toEqual({ label: expect.any(String), url: 'https://acme.example.com/start' });
    expect(write('tmpl_welcome_message', { first_name: 'Sarah' }).cta?.url).toBeNull();
    expect(write('tmpl_welcome_message', { first_name: 'Sarah', cta_url: '' }).cta?.url).toBeNull();
    expect(() => write('tmpl_welcome_message', { first_name: 'Sarah', cta_url: 'javascript:alert(1)' })).toThrow(/customer_data\.cta_url/);
  });

  it('mostly keeps within the slots’ character targets for realistic data', () => {
    let over = 0;
    let total = 0;
    for (const template of templates) {
      for (const tone of TONES) {
        for (const length of SCRIPT_LENGTHS) {
          const script = write(template.id, SARAH, { tone, length, focus_points: ['product_benefits', 'next_steps'] });
          expect(Array.from(script.headline).length, script.headline).toBeLessThanOrEqual(template.headline.maxChars);
          for (const scene of script.scenes) {
            const slot = template.slots.find((s) => s.kind === scene.kind);
            total++;
            if (slot && Array.from(scene.text).length > slot.maxChars) over++;
            if (slot && scene.title) expect(Array.from(scene.title).length, scene.title).toBeLessThanOrEqual(slot.maxTitleChars);
          }
        }
      }
    }
    expect(over / total).toBeLessThan(0.02);
  });
});

describe('built-in writer: templates and slots it does not know', () => {
  const welcome = getTemplate('tmpl_welcome_message') as TemplateSpec;

  it('fills an unknown slot kind with copy guided by its label and description', () => {
    const template: TemplateSpec = {
      ...welcome,
      slots: [
        ...welcome.slots,
        {
          kind: 'support_note',
          label: 'Support',
          description: 'Where to get help if they get stuck.',
          title: 'required',
          maxTitleChars: 30,
          maxChars: 110,
          count: { short: 1, medium: 1, long: 2 },
        },
        {
          kind: 'testimonial',
          label: 'Testimonial',
          description: 'A line of social proof.',
          title: 'none',
          maxTitleChars: 0,
          maxChars: 100,
          count: { short: 0, medium: 1, long: 1 },
        },
      ],
    };
    for (const tone of TONES) {
      for (const length of SCRIPT_LENGTHS) {
        const script = composeScript(template, { ...SARAH }, aiMessagingSchema.parse({ tone, length }));
        expectFollowsPlan(template, script, length);
        expectClean(script);
      }
    }
    const script = composeScript(template, { ...SARAH }, aiMessagingSchema.parse({ tone: 'professional', length: 'medium' }));
    expect(script.scenes.find((s) => s.kind === 'support_note')?.text).toMatch(/help|support|session|question/i);
  });

  it('writes for a whole template it has never seen, with or without a first name', () => {
    const template: TemplateSpec = {
      ...welcome,
      id: 'tmpl_event_invite',
      name: 'Event invite',
      cta: { description: 'Register', defaultLabel: 'Save your seat' },
      slots: [
        {
          kind: 'invite',
          label: 'Invitation',
          description: 'What the event is.',
          title: 'none',
          maxTitleChars: 0,
          maxChars: 110,
          count: { short: 1, medium: 1, long: 1 },
        },
        {
          kind: 'reason',
          label: 'Why attend',
          description: 'A benefit of attending.',
          title: 'required',
          maxTitleChars: 30,
          maxChars: 110,
          count: { short: 1, medium: 3, long: 6 },
        },
      ],
    };
    for (const data of [{ first_name: 'Sarah', company: 'Acme Inc.' }, { company: 'Acme Inc.' }]) {
      for (const tone of TONES) {
        const script = composeScript(template, data, aiMessagingSchema.parse({ tone, length: 'long', focus_points: ['SSO rollout'] }));
        expectFollowsPlan(template, script, 'long');
        expectClean(script);
        expect(script.cta?.label).toBe('Save your seat');
        expect(allText(script)).toContain('SSO rollout');
      }
    }
  });
});

describe('built-in writer: custom focus points are woven into their own scene', () => {
  // Each point with words that must reach the screen as typed (an imperative's object, a sentence's subject…).
  const POINTS: Array<[point: string, words: RegExp]> = [
    ['our new mobile app', /our new mobile app/i],
    ['Try our new mobile app', /try our new mobile app/i],
    ['Our mobile app is now live.', /Our mobile app is now live/],
    ['SSO rollout', /SSO rollout/],
    ['Check out the new dashboard!', /check out the new dashboard/i],
    ['Moving all twelve regional offices onto single sign-on before the next quarter', /regional offices/i],
    ['新しいモバイルアプリ', /新しいモバイルアプリ/],
    ['Новое мобильное приложение', /Новое мобильное приложение/],
    ['mobile app 📱', /mobile app 📱/],
  ];
  const BOLTED = /^(Plus|Also|And|Oh, and)\b/;
  const FALLBACK_TITLES = ["Let's talk about it", 'On your agenda', "Let's make it happen", 'One more thing'];
  const DOUBLE_PUNCTUATION = /\.\s*\.(?!\.)|[!?]\s*[.!?,;:]|[,;:]\s*[.,;:!?]/;
  const sentences = (text: string) => text.split(/(?<=[.!?])\s+/);
  const cases = ALL_TEMPLATE_IDS.flatMap((id) => TONES.flatMap((tone) => SCRIPT_LENGTHS.map((length) => [id, tone, length] as const)));

  it.each(cases)('%s %s %s: each point owns a scene that says it in its own sentence, within the slot limits', (id, tone, length) => {
    const template = getTemplate(id);
    if (!template) throw new Error(id);
    for (const [point, words] of POINTS) {
      expect(Array.from(point).length).toBeLessThanOrEqual(80);
      const script = write(id, SARAH, { tone, length, focus_points: [point] });
      const where = `${id} ${tone} ${length} "${point}"`;
      expectFollowsPlan(template, script, length);
      expectClean(script);
      const owning = script.scenes.filter((s) => words.test(`${s.title ?? ''}\n${s.text}`));
      expect(owning, where).toHaveLength(1);
      const scene = owning[0]!;
      expect(scene.text, where).toMatch(words);
      const slot = template.slots.find((s) => s.kind === scene.kind)!;
      // Said inside the scene's own sentence, never bolted on after it.
      for (const sentence of sentences(scene.text)) expect(sentence, where).not.toMatch(BOLTED);
      expect(scene.text, where).not.toMatch(/help (you )?with (try|check)\b/i);
      expect(scene.text, where).not.toMatch(/help (you )?with our mobile app is/i);
      if (slot.title !== 'none') {
        // Title and text both about the point: the title is the point's own words (or their head), else its tone's "about it" title.
        const titles = freeTextPoint(point).titles;
        expect(titles.includes(scene.title ?? '') || FALLBACK_TITLES.includes(scene.title ?? ''), `${where}: ${scene.title}`).toBe(true);
        expect(Array.from(scene.title ?? '').length, `${where}: ${scene.title}`).toBeLessThanOrEqual(slot.maxTitleChars);
      }
      for (const text of visible(script)) expect(text, `${where}: ${text}`).not.toMatch(DOUBLE_PUNCTUATION);
      // A short point fits the slot's target; a long one adds no more than its own length to a short frame.
      const limit = Array.from(point).length <= 40 ? slot.maxChars : slot.maxChars + Array.from(point).length - 20;
      expect(Array.from(scene.text).length, `${where}: ${scene.text}`).toBeLessThanOrEqual(limit);
      if (tone === 'professional') expect(scene.text, where).not.toMatch(/!|\b(we're|you're|it's|we'll|don't|there's|let's)\b/i);
    }
  });

  it.each(ALL_TEMPLATE_IDS)('%s: several points, one scene each, in the order picked', (id) => {
    const template = getTemplate(id)!;
    const points = ['SSO rollout', 'Try our new mobile app', 'Our Q3 roadmap is ready.'];
    const keys = [/SSO rollout/, /our new mobile app/i, /Q3 roadmap/];
    for (const tone of TONES) {
      for (const length of SCRIPT_LENGTHS) {
        const capacity = expectedKinds(id, length).length;
        const picked = points.slice(0, Math.min(points.length, capacity));
        const script = write(id, SARAH, { tone, length, focus_points: picked });
        expectFollowsPlan(template, script, length);
        const at = picked.map((_, i) => script.scenes.findIndex((s) => keys[i]!.test(`${s.title ?? ''} ${s.text}`)));
        expect(at.every((i) => i >= 0), `${id} ${tone} ${length}: ${JSON.stringify(script.scenes)}`).toBe(true);
        expect(new Set(at).size, `${id} ${tone} ${length}`).toBe(at.length);
        expect(at, `${id} ${tone} ${length}`).toEqual([...at].sort((a, b) => a - b));
      }
    }
  });

  it('quotes the customer data where it fits: the usage recap keeps her logins beside the point', () => {
    for (const tone of TONES) {
      const script = write('tmpl_usage_recap', SARAH, { tone, length: 'short', focus_points: ['SSO rollout', 'the Q3 roadmap'] });
      const text = allText(script);
      expect(text, tone).toMatch(/12 logins/);
      expect(text, tone).toMatch(/dashboard, reports and analytics/);
      expect(script.scenes.map((s) => s.title)).toEqual(['SSO rollout', 'The Q3 roadmap']);
    }
  });

  it('weaves a point into an opening that still does its job', () => {
    const welcome = write('tmpl_welcome_message', SARAH, { tone: 'friendly', length: 'short', focus_points: ['SSO rollout', 'Try our new mobile app'] });
    expect(welcome.scenes[0]?.text).toMatch(/welcome|all set/i);
    expect(welcome.scenes[0]?.text).toContain('the SSO rollout');
    const renewal = write('tmpl_renewal_reminder', { ...SARAH, renewal_date: '2026-03-14' }, { tone: 'professional', length: 'short', focus_points: ['SSO rollout', 'our new pricing'] });
    expect(renewal.scenes[0]?.text).toContain('March 14, 2026');
    expect(renewal.scenes[0]?.text).toContain('the SSO rollout');
  });

  it('is deterministic and ignores brand_color, logo_url and cta_url', () => {
    for (const id of ALL_TEMPLATE_IDS) {
      for (const tone of TONES) {
        const messaging = { tone, length: 'short' as const, focus_points: ['Try our new mobile app', 'SSO rollout'] };
        const a = write(id, SARAH, messaging);
        expect(write(id, SARAH, messaging)).toEqual(a);
        const branded = write(id, { ...SARAH, brand_color: '#E4572E', logo_url: 'https://acme.example/logo.png' }, messaging);
        expect(branded, id).toEqual(a);
      }
    }
  });
});
