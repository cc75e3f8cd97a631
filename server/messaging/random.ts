/**
 * Seeded randomness for the built-in writer: the same template, customer_data
 * and ai_messaging always pick the same phrase variants, so a preview and the
 * render it becomes say the same thing, and a re-render is reproducible.
 */

/** JSON with object keys sorted, so {a, b} and {b, a} hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** cyrb53: a fast, well-mixed 53-bit string hash (not cryptographic, it only spreads seeds). */
export function stableHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export type Rng = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
};

/** mulberry32: tiny, fast and good enough to pick among a handful of phrases. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => (n <= 1 ? 0 : Math.floor(next() * n)) };
}

/**
 * customer_data keys no copy ever says (the render's look and the CTA's
 * target): they must not change the wording, or a new brand colour (or a
 * brand kit default filled in) would rewrite the headline.
 */
const NOT_IN_COPY = new Set(['brand_color', 'logo_url', 'cta_url']);

/** The writer's seed for one request: only what the copy can say picks among phrasings. */
export function seedFor(templateId: string, customerData: unknown, aiMessaging: unknown): number {
  const said =
    customerData && typeof customerData === 'object' && !Array.isArray(customerData)
      ? Object.fromEntries(Object.entries(customerData as Record<string, unknown>).filter(([k]) => !NOT_IN_COPY.has(k)))
      : customerData;
  return stableHash(canonicalJson({ templateId, customerData: said, aiMessaging }));
}
