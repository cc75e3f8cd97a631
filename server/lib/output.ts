/**
 * Response objects that a mapping function builds field by field (so no
 * internal column can be in them: there is nothing to strip) are checked
 * against their schema in development and tests, where a wrong shape fails
 * loudly, and trusted in production, where parsing every object of every
 * response was a measurable share of a request (docs/benchmarks.md, "API").
 * Objects built from a whole row (which has hashes and storage keys) keep
 * their `.parse()`: there the schema does the stripping.
 *
 * Only for schemas without transforms or defaults, whose output equals their
 * input.
 */
import type { z } from 'zod';

const checkOutputs = process.env.NODE_ENV !== 'production';

/** `value` as the schema's output: parsed outside production, as is in production (see the file header). */
export function checkedOutput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return checkOutputs ? (schema.parse(value) as z.output<S>) : (value as z.output<S>);
}
