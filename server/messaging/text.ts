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
const QUESTION_WORDS = ['what', "what's", 'how', 'why', 'when', 'where', 'which', 'who'];
const LOWER_WHEN_LEADING = new Set(['the', 'a', 'an', 'our', 'your', 'their', 'this', 'that', 'these', 'those', 'new', 'next', 'upcoming', 'latest', ...QUESTION_WORDS]);
// "what's new in Q3" and "how to set up SSO" follow "help with" without an article, like "our new pricing".
const DETERMINERS = new Set([...LOWER_WHEN_LEADING, 'my', 'its', 'his', 'her', 'some', 'any', 'every', 'each', 'all']);
const GERUND_FOLLOWERS = new Set(['the', 'a', 'an', 'our', 'your', 'their', 'up', 'out', 'on', 'in', 'into', 'to', 'with', 'more', 'off', 'over']);

// Verbs that open an imperative point ("Try our new mobile app"), with the
// gerund that lets the point follow "help with" ("trying our new mobile app").
const CLEAR_VERBS = new Map<string, string>(Object.entries({
  try: 'trying',
  bring: 'bringing',
  join: 'joining',
  download: 'downloading',
  explore: 'exploring',
  invite: 'inviting',
  register: 'registering',
  enable: 'enabling',
  install: 'installing',
  visit: 'visiting',
  discover: 'discovering',
  activate: 'activating',
  attend: 'attending',
  contact: 'contacting',
  configure: 'configuring',
  integrate: 'integrating',
  connect: 'connecting',
  migrate: 'migrating',
  watch: 'watching',
  learn: 'learning',
  start: 'starting',
  create: 'creating',
  share: 'sharing',
}));
// Verbs that are nouns too ("Review of Q3", "Upgrade options"): imperative only before a determiner or particle.
const NOUN_VERBS = new Map<string, string>(Object.entries({
  use: 'using',
  book: 'booking',
  check: 'checking',
  set: 'setting',
  sign: 'signing',
  turn: 'turning',
  reach: 'reaching',
  review: 'reviewing',
  update: 'updating',
  upgrade: 'upgrading',
  test: 'testing',
  plan: 'planning',
  schedule: 'scheduling',
  add: 'adding',
  get: 'getting',
  see: 'seeing',
  read: 'reading',
  take: 'taking',
  give: 'giving',
  open: 'opening',
  import: 'importing',
  upload: 'uploading',
  finish: 'finishing',
  complete: 'completing',
  claim: 'claiming',
  renew: 'renewing',
  move: 'moving',
  switch: 'switching',
  meet: 'meeting',
}));
const VERB_FOLLOWERS = new Set([...DETERMINERS, 'up', 'out', 'in', 'on', 'for', 'to', 'into', 'it', 'them', 'us', 'more', 'new', 'with', 'back', 'off', 'over']);
// Words that open a whole sentence ("We just launched…", "It's live").
const SENTENCE_OPENERS = /^(we|we're|we've|we'll|you|you're|you've|you'll|i|i'm|i've|they|they're|it|it's|there|there's|there are|here's|that's|this is)\b/i;
// A verb after a subject makes a sentence ("Our mobile app is live"); after a pronoun it is a relative clause ("the features we are launching").
const FINITE_VERBS = new Set(['is', 'are', 'was', 'were', 'will', 'has', 'have', 'had', 'can', 'launched', 'shipped', 'arrived', 'launches', 'ships', 'arrives', 'goes', 'went']);
const CLAUSE_SUBJECTS = new Set(['that', 'which', 'who', 'we', 'you', 'they', 'i', 'it', 'what', 'how']);
// Where a long title can stop and still name the point: "SSO rollout for the whole company" → "SSO rollout".
const TITLE_BREAK = /\s*(?:[,;(–—]|\s-\s|\s(?:for|with|to|in|into|on|onto|of|at|before|after|across|by|from|so|and|that|which|is|are|was|were|will|has|have|can)\s)/gi;

export type FreeTextPoint = {
  /** As the marketer typed it, trimmed. */
  raw: string;
  /**
   * Ready to follow "help with": "the SSO rollout", "our new pricing",
   * "trying our new mobile app" (from "Try our new mobile app").
   */
  phrase: string;
  /** Ready for a title: "SSO rollout", "Our new pricing", "Try our new mobile app". */
  title: string;
  /** Title candidates in the point's own words, best first (a long point's head comes second). */
  titles: string[];
  /** An imperative point as it reads mid-sentence: "try our new mobile app". */
  action?: string;
  /** The point as a sentence of its own, when it was typed as one ("Our mobile app is live."), ending in its punctuation. */
  sentence?: string;
};

function stripEnd(text: string): string {
  return text.replace(/[\s.!;:,。．！；：，…]+$/u, '').trim();
}

function isSentence(core: string, raw: string): boolean {
  if (/[?？]$/.test(raw)) return true;
  if (SENTENCE_OPENERS.test(core)) return true;
  const words = core.toLowerCase().split(' ');
  return words.length >= 3 && words.some((w, i) => i > 0 && FINITE_VERBS.has(w) && !CLAUSE_SUBJECTS.has(words[i - 1] ?? ''));
}

function titleCandidates(core: string): string[] {
  const out = [capitalize(core)];
  // Heads that stop before a preposition or clause, longest first, so the title fits the slot.
  const breaks = [...core.matchAll(TITLE_BREAK)].map((m) => m.index).reverse();
  for (const at of breaks) {
    const head = stripEnd(core.slice(0, at));
    if (head.split(' ').length >= 2 && /\p{L}/u.test(head)) out.push(capitalize(head));
  }
  return [...new Set(out)];
}

/**
 * Turns a free-text focus point into phrases that read naturally inside a
 * sentence: drops instruction verbs ("Mention the SSO rollout" → "the SSO
 * rollout"), a trailing full stop, adds "the" to a bare noun phrase, turns an
 * imperative into a gerund ("Try our app" → "trying our app") and keeps a
 * whole sentence whole ("Our app is live." is said as typed).
 */
export function freeTextPoint(raw: string): FreeTextPoint {
  const trimmed = cleanValue(raw);
  let core = stripEnd(trimmed.replace(LEADING_VERBS, '')).replace(/[?？]+$/, '').trim();
  if (!core) core = stripEnd(trimmed) || trimmed;
  const words = core.split(' ');
  const first = words[0] ?? '';
  const firstLower = first.toLowerCase();
  const second = (words[1] ?? '').toLowerCase();

  const gerund = CLEAR_VERBS.get(firstLower) ?? (VERB_FOLLOWERS.has(second) ? NOUN_VERBS.get(firstLower) : undefined);
  if (gerund && words.length >= 2) {
    const rest = core.slice(first.length);
    const action = `${firstLower}${rest}`;
    return { raw: trimmed, phrase: `${gerund}${rest}`, title: capitalize(core), titles: titleCandidates(core), action };
  }

  if (isSentence(core, trimmed)) {
    const end = /[?？]$/.test(trimmed) ? '?' : /!$/.test(trimmed) ? '!' : '.';
    // A sentence's title is the sentence (a question keeps its mark), or its subject: "Our mobile app".
    const titles = [capitalize(core) + (end === '?' ? '?' : '')];
    const lower = words.map((w) => w.toLowerCase());
    const verbAt = lower.findIndex((w, i) => i > 0 && FINITE_VERBS.has(w) && !CLAUSE_SUBJECTS.has(lower[i - 1] ?? ''));
    const subject = verbAt > 0 ? words.slice(0, verbAt).join(' ') : '';
    if (subject && !SENTENCE_OPENERS.test(subject) && end !== '?') titles.push(capitalize(subject));
    return { raw: trimmed, phrase: core, title: titles[0] ?? core, titles, sentence: `${capitalize(core)}${end}` };
  }

  // A gerund or a determiner typed with a capital ("Onboarding webinars", "Our new pricing") reads lower-case mid-sentence.
  const lowerFirst = (LOWER_WHEN_LEADING.has(firstLower) || (/^\p{Lu}\p{Ll}+ing$/u.test(first) && first.length >= 5)) && first !== first.toUpperCase();
  if (lowerFirst) core = firstLower + core.slice(first.length);
  const isAcronym = first.length > 1 && first === first.toUpperCase() && /\p{Lu}/u.test(first);
  const startsLower = first === first.toLowerCase() || lowerFirst;
  const needsArticle =
    words.length >= 2 &&
    (isAcronym || startsLower) &&
    !DETERMINERS.has(firstLower) &&
    // "getting started with SSO", "using the API": a gerund phrase takes no article ("onboarding webinars" does).
    !(/ing$/i.test(first) && (GERUND_FOLLOWERS.has(second) || DETERMINERS.has(second) || /ed$/i.test(words[1] ?? ''))) &&
    !/^\d/.test(first) &&
    /\p{L}/u.test(first) &&
    // Scripts without case (CJK, Arabic…) get no English article.
    /^[\p{Script=Latin}\p{N}]/u.test(first);
  const phrase = needsArticle ? `the ${core}` : core;
  const titles = titleCandidates(core);
  return { raw: trimmed, phrase, title: titles[0] ?? core, titles };
}
