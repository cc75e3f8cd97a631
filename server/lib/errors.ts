/**
 * The one error type services throw. Each code maps to an HTTP status (REST)
 * and a tRPC code (UI), so a service never knows which transport called it.
 */
import { ZodError, type z } from 'zod';

export const errorCodes = {
  bad_request: { status: 400, trpc: 'BAD_REQUEST' },
  invalid_json: { status: 400, trpc: 'BAD_REQUEST' },
  unauthorized: { status: 401, trpc: 'UNAUTHORIZED' },
  forbidden: { status: 403, trpc: 'FORBIDDEN' },
  not_found: { status: 404, trpc: 'NOT_FOUND' },
  method_not_allowed: { status: 405, trpc: 'METHOD_NOT_SUPPORTED' },
  conflict: { status: 409, trpc: 'CONFLICT' },
  invalid_state: { status: 409, trpc: 'CONFLICT' },
  idempotency_conflict: { status: 409, trpc: 'CONFLICT' },
  payload_too_large: { status: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  unsupported_media_type: { status: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE' },
  validation_error: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  rate_limited: { status: 429, trpc: 'TOO_MANY_REQUESTS' },
  internal_error: { status: 500, trpc: 'INTERNAL_SERVER_ERROR' },
  service_unavailable: { status: 503, trpc: 'INTERNAL_SERVER_ERROR' },
} as const;

export type ErrorCode = keyof typeof errorCodes;
export type TrpcErrorCode = (typeof errorCodes)[ErrorCode]['trpc'];

export interface ErrorDetail {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];
  /** Extra response headers (e.g. Retry-After on 429). */
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[], headers?: Record<string, string>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  /** A 422 that names one field. */
  static invalidField(field: string, message: string): AppError {
    return new AppError('validation_error', `${field}: ${message}`, [{ field, message }]);
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} not found`);
  }

  /**
   * An error about one named parameter, its message used as is: for services
   * whose callers name parameters (the X-shaped surfaces answer it as
   * `{"code":…,"message":…,"parameter":field}`).
   */
  static param(code: ErrorCode, field: string, message: string): AppError {
    return new AppError(code, message, [{ field, message }]);
  }
}

/**
 * The message of a field's type check: "is required" when it was left out,
 * `must be <what>` when it was sent with the wrong type (a `"title": 5` is
 * not a missing title). For zod's `error` option: `z.string({ error: required('a string') })`.
 */
export function required(what: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`);
}

/** `a.b[0].c` style path, as the `field` of an error detail. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function zodDetails(err: ZodError | z.core.$ZodError): ErrorDetail[] {
  return err.issues.map((issue) => ({
    field: formatPath(issue.path) || '(body)',
    message: issue.message,
  }));
}

/** A validation failure as the AppError every transport understands. */
export function fromZodError(err: ZodError | z.core.$ZodError): AppError {
  const details = zodDetails(err);
  const first = details[0];
  const message = first
    ? details.length === 1
      ? `${first.field}: ${first.message}`
      : `${first.field}: ${first.message} (and ${details.length - 1} more)`
    : 'Invalid input';
  return new AppError('validation_error', message, details);
}

/** Postgres unique_violation, from either driver. */
export function isUniqueViolation(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    if ((e as { code?: string }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * An AppError recognised by its name and code, not its class: a production
 * bundle can hold two copies of this module (route chunks, the storage
 * driver), and `instanceof` fails across copies; an oversized upload segment
 * became a 500 instead of a 413 that way. Every error mapping uses this.
 */
export function isAppError(err: unknown): err is AppError {
  if (err instanceof AppError) return true;
  if (!(err instanceof Error) || err.name !== 'AppError') return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(errorCodes, code);
}

/** A ZodError by shape, for the same reason (zod can be bundled twice too). */
export function isZodError(err: unknown): err is ZodError {
  return err instanceof ZodError || (err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues));
}

/** Normalizes anything thrown into an AppError; unknown errors become a generic 500. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (isZodError(err)) return fromZodError(err);
  if (isUniqueViolation(err)) return new AppError('conflict', 'A resource with these values already exists');
  return new AppError('internal_error', 'Something went wrong on our side. It has been logged.');
}
