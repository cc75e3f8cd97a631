/**
 * REST plumbing shared by every route handler: the JSON error shape of
 * API.md, body/query parsing with size limits, and JSON responses.
 */
import type { z } from 'zod';
import { AppError, fromZodError, toAppError } from '../lib/errors';
import { findInputIssue } from '../lib/input-policy';
import { errorFields, logger } from '../lib/logger';

/** `{"error":{"code","message","details"}}` with the code's status. */
export function errorResponse(err: unknown): Response {
  const appError = toAppError(err);
  if (appError.code === 'internal_error') logger.error('unhandled error in request', errorFields(err));
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: appError.code, message: appError.message },
  };
  if (appError.details?.length) body.error.details = appError.details;
  return Response.json(body, { status: appError.status, headers: appError.headers });
}

export function json(data: unknown, init?: ResponseInit): Response {
  return Response.json(data, init);
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the body as text, refusing more than maxBytes (without buffering it
 * all) with `tooLarge()`: a 413 AppError unless the caller speaks another
 * error shape.
 */
export async function readBodyText(
  req: Request,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
  tooLarge: () => Error = () => new AppError('payload_too_large', `Request body is larger than the limit of ${maxBytes} bytes`),
): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body: malformed → 400 invalid_json, wrong shape → 422 naming the fields. */
export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  opts: { maxBytes?: number; onRaw?: (raw: unknown) => void } = {},
): Promise<z.output<S>> {
  const text = await readBodyText(req, opts.maxBytes);
  let raw: unknown;
  if (text.trim() === '') raw = {};
  else {
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new AppError('invalid_json', `Request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  // Text Postgres cannot store and JSON nested too deep to serialize again: 422 naming the value (lib/input-policy.ts).
  const issue = findInputIssue(raw);
  if (issue) throw AppError.invalidField(issue.field, issue.message);
  opts.onRaw?.(raw);
  const result = schema.safeParse(raw);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}

/** Parses query parameters (single values) with a schema: bad values → 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  const issue = findInputIssue(params);
  if (issue) throw new AppError('bad_request', `${issue.field}: ${issue.message}`, [issue]);
  const result = schema.safeParse(params);
  if (!result.success) {
    const err = fromZodError(result.error);
    throw new AppError('bad_request', err.message, err.details);
  }
  return result.data;
}
