/**
 * The customer facts the writers talk about, read once from customer_data.
 *
 * Templates validate their own fields, but their schemas are loose objects:
 * a welcome message may carry `usage_stats` too, and a good writer uses it.
 * So every known field is read defensively here, whatever the template, and
 * anything missing or malformed is simply absent (never "undefined" on screen).
 */
import { isHttpLink } from '../../remotion/templates/common';
import { formatRenewalDate } from '../../remotion/templates/renewal-reminder/spec';
import { capitalize, cleanValue, featureName, listPhrase, planPhrase } from './text';

export type Period = {
  /** For "your ___ in review": "month", "March", "last 30 days". */
  noun: string;
  /** For "12 logins ___": "this month", "in March", "over the last 30 days". */
  phrase: string;
  /** One word, so "What a ___!" reads well. */
  singleWord: boolean;
  /** Length in weeks when the period names one ("month", "March", "Q1"), for "about 3 a week". */
  weeks?: number;
};

export type CustomerFacts = {
  firstName?: string;
  fullName?: string;
  company?: string;
  /** As typed: "Enterprise". */
  tier?: string;
  /** "Enterprise plan", or "plan" when no tier is known. */
  plan: string;
  productName?: string;
  useCase?: string;
  logins?: number;
  /** usage_stats.features_used as they read mid-sentence, de-duplicated. */
  featuresUsed: string[];
  /** product_demo `features`, as titles. */
  features: string[];
  period: Period;
  renewal?: { long: string; short: string };
  seats?: number;
  /** A valid http(s) `cta_url`, else null: the script's CTA points there. */
  ctaUrl: string | null;
};

/** Facts of a template whose schema requires first_name (every built-in one). */
export type NamedFacts = CustomerFacts & { firstName: string };

function str(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = cleanValue(value);
  return v ? v : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function names(value: unknown, format: (s: string) => string): string[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of value) {
    const s = str(item);
    if (!s) continue;
    const name = format(s);
    const key = name.toLocaleLowerCase('en-US');
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

function wholeNumber(value: unknown, min: number): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : undefined;
}

const WEEKS_PER_MONTH = 4.35;
const MONTHS = 'jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?';
const MONTH_NAME = new RegExp(`^(${MONTHS})(\\s+\\d{4})?$`, 'i');

function weeksIn(noun: string): number | undefined {
  if (/^month$/i.test(noun) || MONTH_NAME.test(noun)) return WEEKS_PER_MONTH;
  if (/^(quarter|q[1-4](\s+\d{4})?)$/i.test(noun)) return 13;
  if (/^week$/i.test(noun)) return 1;
  return undefined;
}

function readPeriod(value: unknown): Period {
  const period = str(value);
  if (!period) return { noun: 'month', phrase: 'this month', singleWord: true, weeks: WEEKS_PER_MONTH };
  const lowered = period.charAt(0).toLowerCase() + period.slice(1);
  const noun = period.replace(/^(this|the)\s+/i, '');
  let phrase: string;
  if (/^(this|the)\b/i.test(period)) phrase = lowered;
  else if (/^(last|past|previous)\b/i.test(period)) phrase = `over the ${lowered}`;
  else phrase = `in ${period}`;
  return { noun, phrase, singleWord: !/\s/.test(noun), weeks: weeksIn(noun) };
}

function readRenewal(value: unknown): CustomerFacts['renewal'] {
  const iso = str(value);
  if (!iso || !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(iso)) return undefined;
  const date = formatRenewalDate(iso);
  return { long: date.long, short: `${date.month} ${date.day}` };
}

function readCtaUrl(value: unknown): string | null {
  const raw = typeof value === 'string' ? value.trim() : '';
  // The templates' schemas refuse anything else (ctaFields); stored videos from before that still read safely.
  return raw && raw.length <= 2000 && isHttpLink(raw) ? new URL(raw).toString() : null;
}

/** Reads every field the writers know from customer_data (already validated by the template). */
export function readFacts(customerData: Record<string, unknown>): CustomerFacts {
  const firstName = str(customerData.first_name);
  const lastName = str(customerData.last_name);
  const tier = str(customerData.product_tier);
  const usage = record(customerData.usage_stats);
  return {
    firstName,
    fullName: firstName ? (lastName ? `${firstName} ${lastName}` : firstName) : undefined,
    company: str(customerData.company),
    tier,
    plan: tier ? planPhrase(tier) : 'plan',
    productName: str(customerData.product_name),
    useCase: str(customerData.use_case),
    logins: wholeNumber(usage?.logins, 0),
    featuresUsed: names(usage?.features_used, featureName),
    features: names(customerData.features, (s) => capitalize(featureName(s))),
    period: readPeriod(customerData.period),
    renewal: readRenewal(customerData.renewal_date),
    seats: wholeNumber(customerData.seats, 1),
    ctaUrl: readCtaUrl(customerData.cta_url),
  };
}

/**
 * "dashboard, reports and analytics"; past `max` names, "dashboard, reports,
 * analytics and 2 more", so a long list never floods a scene.
 */
export function featureList(features: readonly string[], max = 3): string {
  if (features.length <= max) return listPhrase(features);
  return `${features.slice(0, max).join(', ')} and ${features.length - max} more`;
}
