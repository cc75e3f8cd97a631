/**
 * One policy for every string the API and tRPC accept, applied where input
 * enters (JSON bodies, query strings, path ids, tRPC inputs) before any
 * schema or query sees it:
 *
 * - No NUL (U+0000): Postgres `text` and `jsonb` cannot store it, so a NUL
 *   anywhere used to reach the database and come back as a 500.
 * - No lone surrogate (U+D800–U+DFFF without its pair): not a character,
 *   not encodable as UTF-8; the same failure.
 * - JSON nested at most MAX_JSON_DEPTH levels: a 256 KB body can nest
 *   ~128,000 levels, which overflowed the stack when serialized again.
 *
 * The walk is iterative (no recursion to overflow) and reports the first
 * offending value by its path, e.g. `customer_data.notes` or `metadata["a\u0000"]`.
 */

export const MAX_JSON_DEPTH = 32;

export type InputIssue = { field: string; message: string };

// A NUL, or a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null when it can. */
export function unstorableReason(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? 'must not contain a NUL character (\\u0000)' : 'must not contain an unpaired UTF-16 surrogate';
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const safe = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (!parent) return safe;
  return /^[A-Za-z_]/.test(safe) ? `${parent}.${safe}` : `${parent}[${safe}]`;
}

/**
 * The first value in a parsed JSON document (or any plain value) that breaks
 * the policy, or null. `root` prefixes the reported path (e.g. a tRPC input
 * has no name of its own).
 */
export function findInputIssue(value: unknown, root = '', maxDepth = MAX_JSON_DEPTH): InputIssue | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = unstorableReason(v);
      if (reason) return { field: path || 'body', message: reason };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { field: path || 'body', message: `is nested deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: childPath(path, i), depth: depth + 1 });
      continue;
    }
    // Dates and other class instances (tRPC inputs after superjson) carry no strings of their own to check.
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) continue;
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const keyReason = unstorableReason(key);
      if (keyReason) return { field: childPath(path, key), message: `has a key that ${keyReason}` };
      stack.push({ value: child, path: childPath(path, key), depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Whether a path segment can name anything we store: ids are short printable
 * ASCII. Anything else (a NUL, a control character, a surrogate, 200+
 * characters) cannot match a row, so it is a 404 before any query runs.
 */
export function isPlausiblePathId(value: string): boolean {
  return value.length > 0 && value.length <= 200 && /^[\x21-\x7e]+$/.test(value);
}
