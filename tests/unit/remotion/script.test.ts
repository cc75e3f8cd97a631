import { describe, expect, it } from 'vitest';
import { exampleScript, MAX_SCENES, scriptSchema } from '@/remotion/script';

const base = {
  length: 'short' as const,
  headline: 'Welcome aboard, Sarah!',
  scenes: [{ kind: 'greeting', text: 'Glad you are here.' }],
  cta: { label: 'Open your workspace', url: 'https://app.example.com/start' },
};

describe('script schema', () => {
  it('accepts a minimal script, with or without a call to action', () => {
    expect(scriptSchema.parse(base)).toEqual(base);
    expect(scriptSchema.parse({ ...base, cta: null }).cta).toBeNull();
    expect(scriptSchema.parse({ ...base, cta: { label: 'Reply', url: null } }).cta).toEqual({ label: 'Reply', url: null });
  });

  it('trims text', () => {
    expect(scriptSchema.parse({ ...base, headline: '  Hi  ' }).headline).toBe('Hi');
  });

  it.each([
    ['no scenes', { ...base, scenes: [] }, 'scenes'],
    ['empty headline', { ...base, headline: ' ' }, 'headline'],
    ['too long headline', { ...base, headline: 'x'.repeat(141) }, 'headline'],
    ['bad kind', { ...base, scenes: [{ kind: 'Big Scene', text: 'x' }] }, 'scenes.0.kind'],
    ['empty text', { ...base, scenes: [{ kind: 'greeting', text: '' }] }, 'scenes.0.text'],
    ['javascript url', { ...base, cta: { label: 'Go', url: 'javascript:alert(1)' } }, 'cta.url'],
    ['unknown length', { ...base, length: 'epic' }, 'length'],
    [
      'too many scenes for short',
      { ...base, scenes: Array.from({ length: MAX_SCENES.short + 1 }, () => ({ kind: 'benefit', text: 'x' })) },
      'scenes',
    ],
  ])('rejects %s', (_name, input, path) => {
    const result = scriptSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('allows more scenes for longer scripts', () => {
    const scenes = Array.from({ length: MAX_SCENES.medium }, () => ({ kind: 'benefit', text: 'x' }));
    expect(scriptSchema.safeParse({ ...base, length: 'medium', scenes }).success).toBe(true);
    expect(scriptSchema.safeParse({ ...base, length: 'short', scenes }).success).toBe(false);
  });
});

describe('exampleScript', () => {
  it('builds a valid script for a template id and rejects unknown templates', () => {
    const script = exampleScript('tmpl_welcome_message', { first_name: 'Sarah', company: 'Acme Inc.' }, 'medium');
    expect(scriptSchema.safeParse(script).success).toBe(true);
    expect(script.headline).toBe('Welcome aboard, Sarah!');
    expect(() => exampleScript('tmpl_missing', {}, 'short')).toThrow(/Unknown template/);
  });

  it('falls back to the template example data when the given data is invalid', () => {
    const script = exampleScript('tmpl_welcome_message', { nope: true }, 'short');
    expect(scriptSchema.safeParse(script).success).toBe(true);
  });
});
