/**
 * Small English text helpers for the built-in writer: plurals, lists,
 * capitalisation, punctuation clean-up and length fitting. Customer values
 * are never rewritten except for whitespace, so "Acme Inc." stays as typed.
 */
import { listPhrase } from '../../remotion/templates/common';

export { listPhrase };

/** Length as a viewer perceives it: an emoji or "é" counts once. */
export function charLength(text: string): number {
  return Array.from(text).length;
}

/** "1 login", "12 logins", "1,240 logins". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

export function capitalize(text: string): string {
  const [first = '', ...rest] = Array.from(text);
  return first.toLocaleUpperCase('en-US') + rest.join('');
}

/** Collapses runs of whitespace and strips control characters from a customer value. */
export function cleanValue(value: string): string {
  return value
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Fixes the punctuation that joining phrases produces: a company ending in
 * "Inc." followed by a full stop, spaces before commas, doubled spaces.
 */
export function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?;:])/g, '$1')
    .replace(/([^.])\.\.(?!\.)/g, '$1.')
    .replace(/([!?])\./g, '$1')
    .replace(/,([.!?])/g, '$1')
    .trim();
}

/** Appends a sentence to a text, with the full stop the text may lack. */
export function appendSentence(text: string, sentence: string): string {
  const base = text.trim();
  const joined = /[.!?…]$/.test(base) ? `${base} ${sentence}` : `${base}. ${sentence}`;
  return tidy(joined);
}

/** "Enterprise" → "Enterprise plan"; "Pro plan" stays as it is. */
export function planPhrase(tier: string): string {
  return /\b(plan|tier|edition|package|subscription|license|licence)$/i.test(tier) ? tier : `${tier} plan`;
}

/**
 * A feature key or name as it reads mid-sentence: "usage_reports" → "usage
 * reports", "SSO" and "Custom Reports" stay as typed.
 */
export function featureName(raw: string): string {
  const isKey = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/.test(raw);
  return cleanValue(isKey ? raw.replace(/[_-]+/g, ' ') : raw.replace(/_+/g, ' '));
}

/**
 * Cuts a text to a hard limit at a word boundary, with an ellipsis. Only a
 * safety net for the schema's limits: the writer picks variants that fit.
 */
export function clampText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  const base = (atWord.length >= max / 2 ? atWord : cut).replace(/[\s,;:.–—-]+$/, '');
  return `${base}…`;
}

const INSTRUCTION_VERBS = [
  'mention',
  'highlight',
  'emphasi[sz]e',
  'stress',
  'focus on',
  'talk about',
  'tell them about',
  'remind them (?:about|of)',
  'remind about',
  'cover',
  'discuss',
  'explain',
  'include',
  'about',
  're:?',
];
const LEADING_VERBS = new RegExp(`^(?:please\\s+)?(?:${INSTRUCTION_VERBS.join('|')})\\s+`, 'i');
const LOWER_WHEN_LEADING = new Set(['the', 'a', 'an', 'our', 'your', 'their', 'this', 'that', 'these', 'those', 'new', 'next', 'upcoming', 'latest']);
const DETERMINERS = new Set([...LOWER_WHEN_LEADING, 'my', 'its', 'his', 'her', 'some', 'any', 'every', 'each', 'all']);
const GERUND_FOLLOWERS = new Set(['the', 'a', 'an', 'our', 'your', 'their', 'up', 'out', 'on', 'in', 'into', 'to', 'with', 'more', 'off', 'over']);

export type FreeTextPoint = {
  /** As the marketer typed it, trimmed. */
  raw: string;
  /** Ready to follow "help with": "the SSO rollout", "our new pricing". */
  phrase: string;
  /** Ready for a title: "SSO rollout", "Our new pricing". */
  title: string;
};

/**
 * Turns a free-text focus point into phrases that read naturally inside a
 * sentence: drops instruction verbs ("Mention the SSO rollout" → "the SSO
 * rollout"), a trailing full stop, and adds "the" to a bare noun phrase.
 */
export function freeTextPoint(raw: string): FreeTextPoint {
  const trimmed = cleanValue(raw);
  let core = trimmed.replace(LEADING_VERBS, '').replace(/[.!;:,]+$/, '').trim();
  if (!core) core = trimmed.replace(/[.!;:,]+$/, '') || trimmed;
  const words = core.split(' ');
  const first = words[0] ?? '';
  const firstLower = first.toLowerCase();
  if (LOWER_WHEN_LEADING.has(firstLower) && first !== first.toUpperCase()) {
    core = firstLower + core.slice(first.length);
  }
  const isAcronym = first.length > 1 && first === first.toUpperCase() && /\p{Lu}/u.test(first);
  const startsLower = first === first.toLowerCase();
  const needsArticle =
    words.length >= 2 &&
    (isAcronym || startsLower) &&
    !DETERMINERS.has(firstLower) &&
    // "getting started with SSO", "using the API": a gerund phrase takes no article ("onboarding webinars" does).
    !(/ing$/i.test(first) && (GERUND_FOLLOWERS.has((words[1] ?? '').toLowerCase()) || /ed$/i.test(words[1] ?? ''))) &&
    !/^\d/.test(first) &&
    /\p{L}/u.test(first) &&
    // Scripts without case (CJK, Arabic…) get no English article.
    /^[\p{Script=Latin}\p{N}]/u.test(first);
  const phrase = needsArticle ? `the ${core}` : core;
  return { raw: trimmed, phrase, title: capitalize(core) };
}
