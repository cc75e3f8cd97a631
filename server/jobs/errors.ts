/**
 * How a job handler says why it failed, and how anything it throws is turned
 * into the `{code, message}` stored in `jobs.last_error`.
 *
 * - `PermanentJobError`: retrying cannot help (invalid props, unknown
 *   template): the job fails at once and the kind's onFinalFailure runs.
 * - `RetryableJobError`: retry, optionally after an explicit delay (a
 *   webhook receiver's `Retry-After`) instead of the kind's backoff.
 * - Any other error is retryable until max_attempts. An `AppError` from a
 *   domain service is permanent when it is a client error (4xx except 429):
 *   a deleted video or an invalid state will not fix itself.
 */
import { isAppError } from '../lib/errors';
import type { JobErrorInfo } from '../db/schema';

const MAX_MESSAGE_LENGTH = 2000;

/** Base class of errors that carry a machine-readable code for `last_error`. */
export class JobError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobError';
    this.code = code;
  }
}

/** Fails the job at once, whatever attempts remain. */
export class PermanentJobError extends JobError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PermanentJobError';
  }
}

/** Retries the job; `delayMs` overrides the backoff (e.g. from a Retry-After header). */
export class RetryableJobError extends JobError {
  readonly delayMs?: number;

  constructor(message: string, options?: { code?: string; delayMs?: number; cause?: unknown }) {
    super(options?.code ?? 'retryable_error', message, { cause: options?.cause });
    this.name = 'RetryableJobError';
    if (options?.delayMs !== undefined) this.delayMs = Math.max(0, Math.round(options.delayMs));
  }
}

export type JobAbortReason = 'lease_lost' | 'shutdown' | 'deadline';

const ABORT_MESSAGES: Record<JobAbortReason, string> = {
  lease_lost: 'The job lease was lost',
  shutdown: 'The worker is shutting down',
  deadline: 'The background jobs route ran out of time',
};

/**
 * The reason of the AbortSignal a handler receives. `lease_lost`: another
 * worker may own the job now (lease lapsed, or the job was cancelled), so stop
 * and write nothing. `shutdown`: the process is stopping; the job goes back to
 * the queue without counting as a failure. `deadline`: a run of the jobs
 * route (WORKER_MODE=route) reached the end of its function's time; the
 * attempt counts as failed and is retried, so a job that can never finish in
 * that time runs out of attempts instead of coming back forever.
 */
export class JobAbortError extends Error {
  readonly reason: JobAbortReason;

  constructor(reason: JobAbortReason) {
    super(ABORT_MESSAGES[reason]);
    this.name = 'JobAbortError';
    this.reason = reason;
  }
}

/** A failure as the worker handles it: what to store, and whether retrying can help. */
export interface JobFailure extends JobErrorInfo {
  permanent: boolean;
  /** Explicit retry delay requested by the handler. */
  delayMs?: number;
  /** The thrown value, when there was one (not for a lapsed lease). */
  cause?: unknown;
}

function truncate(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}

/** Turns anything a handler (or its commit function) threw into a JobFailure. */
export function classifyJobError(err: unknown): JobFailure {
  if (err instanceof PermanentJobError) {
    return { code: err.code, message: truncate(err.message), permanent: true, cause: err };
  }
  if (err instanceof RetryableJobError) {
    return { code: err.code, message: truncate(err.message), permanent: false, delayMs: err.delayMs, cause: err };
  }
  if (err instanceof JobError) {
    return { code: err.code, message: truncate(err.message), permanent: false, cause: err };
  }
  if (isAppError(err)) {
    const permanent = err.status < 500 && err.code !== 'rate_limited';
    return { code: err.code, message: truncate(err.message), permanent, cause: err };
  }
  const message = err instanceof Error ? err.message || err.name : String(err);
  return { code: 'internal_error', message: truncate(message), permanent: false, cause: err };
}

/** The stored form of a failure. */
export function toErrorInfo(failure: JobErrorInfo): JobErrorInfo {
  return { code: failure.code, message: failure.message };
}
