import { describe, expect, it } from 'vitest';
import { readFacts, featureList } from '@/server/messaging/facts';
import { canonicalJson, createRng, seedFor } from '@/server/messaging/random';
import { appendSentence, clampText, countOf, featureName, freeTextPoint, planPhrase, tidy } from '@/server/messaging/text';

describe('text helpers', () => {
  it('pluralises and formats counts', () => {
    expect(countOf(1, 'login')).toBe('1 login');
    expect(countOf(12, 'login')).toBe('12 logins');
    expect(countOf(0, 'login')).toBe('0 logins');
    expect(countOf(1240, 'login')).toBe('1,240 logins');
    expect(countOf(2, 'person', 'people')).toBe('2 people');
  });

  it('lists features naturally and caps long lists', () => {
    expect(featureList(['dashboard'])).toBe('dashboard');
    expect(featureList(['dashboard', 'reports'])).toBe('dashboard and reports');
    expect(featureList(['dashboard', 'reports', 'analytics'])).toBe('dashboard, reports and analytics');
    expect(featureList(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });

  it('reads feature keys as words but keeps names as typed', () => {
    expect(featureName('usage_reports')).toBe('usage reports');
    expect(featureName('audit-log')).toBe('audit log');
    expect(featureName('SSO')).toBe('SSO');
    expect(featureName('Custom Reports')).toBe('Custom Reports');
    expect(featureName('Single-Sign-On')).toBe('Single-Sign-On');
  });

  it('fixes the punctuation joined phrases produce', () => {
    expect(tidy('We value Acme Inc..')).toBe('We value Acme Inc.');
    expect(tidy('Hello  there , Yahoo!.')).toBe('Hello there, Yahoo!');
    expect(tidy('Wait...')).toBe('Wait...');
    expect(appendSentence('No full stop', 'Next.')).toBe('No full stop. Next.');
    expect(appendSentence('Done!', 'Next.')).toBe('Done! Next.');
  });

  it('names the plan once', () => {
    expect(planPhrase('Enterprise')).toBe('Enterprise plan');
    expect(planPhrase('Pro plan')).toBe('Pro plan');
    expect(planPhrase('Team tier')).toBe('Team tier');
  });

  it('turns free-text points into phrases that fit a sentence', () => {
    expect(freeTextPoint('SSO rollout')).toMatchObject({ phrase: 'the SSO rollout', title: 'SSO rollout' });
    expect(freeTextPoint('Mention the SSO rollout.')).toMatchObject({ phrase: 'the SSO rollout', title: 'The SSO rollout' });
    expect(freeTextPoint('Our new pricing')).toMatchObject({ phrase: 'our new pricing', title: 'Our new pricing' });
    expect(freeTextPoint('Salesforce integration').phrase).toBe('Salesforce integration');
    expect(freeTextPoint('onboarding webinars').phrase).toBe('the onboarding webinars');
    expect(freeTextPoint('getting started with SSO').phrase).toBe('getting started with SSO');
    expect(freeTextPoint('payroll').phrase).toBe('payroll');
    expect(freeTextPoint('新しい料金プラン').phrase).toBe('新しい料金プラン');
  });

  it('reads an imperative as a gerund and keeps a sentence whole', () => {
    expect(freeTextPoint('Try our new mobile app')).toMatchObject({
      phrase: 'trying our new mobile app',
      action: 'try our new mobile app',
      title: 'Try our new mobile app',
    });
    expect(freeTextPoint('Check out the new dashboard!')).toMatchObject({ action: 'check out the new dashboard' });
    // A verb that is also a noun stays a noun without an object after it.
    expect(freeTextPoint('Upgrade options').action).toBeUndefined();
    expect(freeTextPoint('Our mobile app is now live.')).toMatchObject({
      sentence: 'Our mobile app is now live.',
      titles: ['Our mobile app is now live', 'Our mobile app'],
    });
    expect(freeTextPoint('Is SSO on your roadmap?').sentence).toBe('Is SSO on your roadmap?');
    expect(freeTextPoint('the features we are launching').sentence).toBeUndefined();
    expect(freeTextPoint('Onboarding webinars').phrase).toBe('the onboarding webinars');
    expect(freeTextPoint('Using the API').phrase).toBe('using the API');
    expect(freeTextPoint("What's new in Q3").phrase).toBe("what's new in Q3");
    expect(freeTextPoint('新しいアプリ。')).toMatchObject({ phrase: '新しいアプリ', title: '新しいアプリ' });
  });

  it('offers shorter titles in the point\'s own words for a long point', () => {
    const point = freeTextPoint('Moving all twelve regional offices onto single sign-on before the next quarter');
    expect(point.phrase).toBe('moving all twelve regional offices onto single sign-on before the next quarter');
    expect(point.titles).toContain('Moving all twelve regional offices');
    expect(freeTextPoint('SSO rollout for the whole company').titles).toEqual(['SSO rollout for the whole company', 'SSO rollout']);
  });

  it('clamps at a word boundary with an ellipsis', () => {
    expect(clampText('short', 10)).toBe('short');
    const cut = clampText('one two three four five six', 12);
    expect(Array.from(cut).length).toBeLessThanOrEqual(12);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('facts', () => {
  it('reads the seed example', () => {
    const f = readFacts({
      first_name: 'Sarah',
      company: 'Acme Inc.',
      product_tier: 'Enterprise',
      usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
    });
    expect(f).toMatchObject({ firstName: 'Sarah', company: 'Acme Inc.', plan: 'Enterprise plan', logins: 12, ctaUrl: null });
    expect(f.featuresUsed).toEqual(['dashboard', 'reports', 'analytics']);
    expect(f.period).toMatchObject({ noun: 'month', phrase: 'this month' });
  });

  it('ignores malformed or blank values instead of printing them', () => {
    const f = readFacts({
      first_name: 'Sam',
      company: '   ',
      product_tier: 42,
      usage_stats: { logins: -3, features_used: ['', 'Reports', 'reports', null] },
      renewal_date: '2026-13-45',
      seats: 2.5,
      cta_url: 'javascript:alert(1)',
    });
    expect(f.company).toBeUndefined();
    expect(f.tier).toBeUndefined();
    expect(f.plan).toBe('plan');
    expect(f.logins).toBeUndefined();
    expect(f.featuresUsed).toEqual(['Reports']);
    expect(f.renewal).toBeUndefined();
    expect(f.seats).toBeUndefined();
    expect(f.ctaUrl).toBeNull();
  });

  it('phrases the period for sentences', () => {
    expect(readFacts({ period: 'March' }).period).toMatchObject({ noun: 'March', phrase: 'in March' });
    expect(readFacts({ period: 'this quarter' }).period).toMatchObject({ noun: 'quarter', phrase: 'this quarter', weeks: 13 });
    expect(readFacts({ period: 'last 30 days' }).period).toMatchObject({ phrase: 'over the last 30 days', singleWord: false });
    expect(readFacts({ renewal_date: '2026-03-14' }).renewal).toEqual({ long: 'March 14, 2026', short: 'March 14' });
    expect(readFacts({ cta_url: 'https://acme.example.com/billing' }).ctaUrl).toBe('https://acme.example.com/billing');
  });
});

describe('seeded randomness', () => {
  it('hashes the same data the same, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    expect(seedFor('t', { a: 1, b: 2 }, {})).toBe(seedFor('t', { b: 2, a: 1 }, {}));
    expect(seedFor('t', { a: 1 }, {})).not.toBe(seedFor('t', { a: 2 }, {}));
  });

  it('draws the same sequence from the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const draws = Array.from({ length: 20 }, () => [a.int(10), b.int(10)]);
    for (const [x, y] of draws) expect(x).toBe(y);
    expect(new Set(draws.map(([x]) => x)).size).toBeGreaterThan(3);
  });
});
