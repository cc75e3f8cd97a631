/**
 * Job kinds and their handlers.
 *
 * A domain declares a kind once (`defineJobKind`: name, payload schema, retry
 * policy) in a light module that its services import to enqueue, and
 * registers the handler (which may pull in heavy code such as the renderer)
 * on the registry the worker runs, in `server/jobs/kinds.ts`. A worker only
 * claims kinds registered on its registry.
 *
 * Registering also puts the kind in a lane (server/jobs/lanes.ts): `heavy`
 * for CPU-bound handlers that must not run more than WORKER_CONCURRENCY at
 * once (renders, transcodes), `light` for everything else (the default), so
 * a webhook never waits behind a render. The lane is a property of the
 * handler, not of the kind's light definition module.
 */
import type { z } from 'zod';
import type { Db } from '../db/client';
import type { Job, OutboxEvent } from '../db/schema';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { JobFailure } from './errors';
import { jobKindName, outboxEventType } from './schemas';

export const DEFAULT_MAX_ATTEMPTS = 5;

export const JOB_LANES = ['heavy', 'light'] as const;
/** Which of a worker process's lanes runs a kind; see server/jobs/lanes.ts. */
export type JobLane = (typeof JOB_LANES)[number];

/** A kind of job: its name, payload schema and retry policy. */
export interface JobKind<S extends z.ZodType = z.ZodType> {
  readonly kind: string;
  readonly payload: S;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  readonly priority: number;
}

/** Declares a job kind; the payload schema is applied at enqueue and again at claim. */
export function defineJobKind<S extends z.ZodType>(options: {
  kind: string;
  payload: S;
  maxAttempts?: number;
  backoff?: Partial<BackoffPolicy>;
  priority?: number;
}): JobKind<S> {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  if (!(backoff.baseMs >= 0 && backoff.capMs >= backoff.baseMs)) {
    throw new Error(`Job kind ${options.kind}: backoff needs 0 <= baseMs <= capMs`);
  }
  return Object.freeze({
    kind: jobKindName.parse(options.kind),
    payload: options.payload,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoff,
    priority: options.priority ?? 0,
  });
}

/**
 * Runs inside the transaction that marks the job succeeded: the domain's
 * writes (video published + outbox event) and the completion commit together
 * or not at all. Its return value is stored as the job's result (JSON).
 * Use only `tx` here: on PGlite a query on the outer handle waits for this
 * very transaction and never returns.
 */
export type CommitFn<R = unknown> = (tx: Db) => Promise<R>;

/** What a handler receives for one attempt. */
export interface JobContext<P> {
  /** The row as claimed: `attempts` is the number of this attempt. */
  job: Job;
  /** The payload parsed by the kind's schema. */
  payload: P;
  attempt: number;
  /** Aborted when the lease is lost (stop, write nothing) or the worker shuts down. */
  signal: AbortSignal;
  /** Reports progress in 0..1; persisted, throttled. */
  setProgress: (progress: number) => void;
}

/**
 * Does the work outside any transaction, then returns the commit function (or
 * nothing, for a job with no result to write). Throw PermanentJobError when
 * retrying cannot help, RetryableJobError to choose the retry delay.
 */
export type JobHandler<P, R = unknown> = (ctx: JobContext<P>) => Promise<CommitFn<R> | void>;

/**
 * Runs in the transaction that marks the job failed for good (permanent error,
 * attempts exhausted, or a last attempt whose worker died), so the domain can
 * write its failed state and an outbox event atomically. `job.payload` is the
 * raw payload: it may be the very thing that was invalid.
 */
export type FinalFailureHook = (tx: Db, job: Job, failure: JobFailure) => Promise<void>;

export interface JobKindHandlers<P, R = unknown> {
  handle: JobHandler<P, R>;
  onFinalFailure?: FinalFailureHook;
  /** `heavy` for a CPU-bound handler (renders, transcodes); default `light`. */
  lane?: JobLane;
}

export interface RegisteredJobKind {
  definition: JobKind;
  handle: JobHandler<unknown>;
  onFinalFailure?: FinalFailureHook;
  lane: JobLane;
}

/**
 * Turns outbox events into work (e.g. one `webhook.deliver` job per endpoint)
 * inside the dispatcher's transaction, which also marks the event processed.
 * Must be idempotent per event only in the face of bugs: each event is
 * consumed once unless `consume` throws, in which case nothing it wrote stays.
 */
export interface OutboxConsumer {
  name: string;
  /** Event types it wants; all when absent. */
  types?: readonly string[];
  consume: (tx: Db, event: OutboxEvent) => Promise<void>;
}

/** The set of kinds (and outbox consumers) one worker runs. */
export class JobRegistry {
  private readonly byKind = new Map<string, RegisteredJobKind>();
  private readonly consumers: OutboxConsumer[] = [];

  register<S extends z.ZodType, R>(definition: JobKind<S>, handlers: JobKindHandlers<z.output<S>, R>): this {
    if (this.byKind.has(definition.kind)) throw new Error(`Job kind ${definition.kind} is registered twice`);
    this.byKind.set(definition.kind, {
      definition,
      handle: handlers.handle as JobHandler<unknown>,
      onFinalFailure: handlers.onFinalFailure,
      lane: handlers.lane ?? 'light',
    });
    return this;
  }

  registerOutboxConsumer(consumer: OutboxConsumer): this {
    if (this.consumers.some((c) => c.name === consumer.name)) {
      throw new Error(`Outbox consumer ${consumer.name} is registered twice`);
    }
    for (const type of consumer.types ?? []) outboxEventType.parse(type);
    this.consumers.push(consumer);
    return this;
  }

  get(kind: string): RegisteredJobKind | undefined {
    return this.byKind.get(kind);
  }

  /** The registered kinds, or only those of one lane. */
  kinds(lane?: JobLane): string[] {
    return [...this.byKind.values()]
      .filter((entry) => !lane || entry.lane === lane)
      .map((entry) => entry.definition.kind);
  }

  outboxConsumers(): readonly OutboxConsumer[] {
    return this.consumers;
  }
}
