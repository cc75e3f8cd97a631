/**
 * The one place that reads process.env. Every variable is validated here and
 * documented in `.env.example`; a bad value stops start-up with a message that
 * names the variable and says how to fix it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy } from './lib/trust-proxy';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A number of jobs run at once, with one message for every way it can be wrong. */
const jobSlots = (max: number, fallback: number) => {
  const message = `must be a whole number of jobs from 1 to ${max}`;
  return z.coerce.number(message).int(message).min(1, message).max(max, message).default(fallback);
};

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('.data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z
    .url('must be an absolute URL such as https://video.example.com')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)').optional(),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  SIGNUP_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  BOOTSTRAP_EMAIL: z.email('must be an email address').optional(),
  BOOTSTRAP_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  BOOTSTRAP_API_KEY: z
    .string()
    .regex(/^cwk_[A-Za-z0-9]{20,100}$/, 'must look like cwk_ followed by 20-100 letters or digits')
    .optional(),
  BOOTSTRAP_ACCOUNT_NAME: z.string().min(1).max(100).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DEBUG_SQL: boolish,

  // Outbound requests to customer URLs (webhooks, logos): allow loopback/private targets (dev and tests only).
  ALLOW_PRIVATE_NETWORK_TARGETS: boolish,

  // Background work (server/jobs)
  // embedded: the web process runs the job loop. off: `npm run worker` processes do. route: no loop anywhere;
  // POST /api/jobs/run (triggered after each enqueue and by a cron) runs jobs within a time budget (serverless).
  WORKER_MODE: z.enum(['embedded', 'off', 'route'], 'must be embedded, off or route').default('embedded'),
  /** Shared secret of the background jobs route (`Authorization: Bearer <CRON_SECRET>`, as Vercel Cron sends it). */
  CRON_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters (try: openssl rand -hex 32)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Seconds one run of the jobs route keeps claiming new jobs; below the route's maxDuration, which also lets running jobs finish. */
  JOBS_ROUTE_BUDGET_SECONDS: z.coerce
    .number('must be a whole number of seconds')
    .int('must be a whole number of seconds')
    .min(5, 'must be at least 5 seconds')
    .max(3600, 'must be at most 3600 seconds')
    .default(180),
  /** Set to 1 by Vercel in its builds and functions. */
  VERCEL: boolish,
  // Lanes (server/jobs/lanes.ts): heavy = renders and transcodes, each of which uses every core; light = the rest.
  WORKER_CONCURRENCY: jobSlots(16, 1),
  LIGHT_WORKER_CONCURRENCY: jobSlots(64, 4),
  WORKER_LANES: z.enum(['all', 'heavy', 'light'], 'must be all, heavy or light').default('all'),
  /** Days finished jobs and processed outbox events are kept before the hourly sweep deletes them. */
  JOB_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(7),
  JOB_LEASE_SECONDS: z.coerce.number().int().min(10).max(600).default(45),
  JOB_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),

  // Storage (server/storage)
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ENDPOINT: z.url('must be a URL such as https://s3.eu-west-1.amazonaws.com').optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: boolish,
  S3_PUBLIC_BASE_URL: z.url('must be an absolute URL, e.g. your CDN: https://cdn.example.com').optional(),

  // Rendering (server/render)
  RENDER_ENGINE: z.enum(['auto', 'web', 'classic'], 'must be auto, web or classic').default('auto'),
  REMOTION_LICENSE_KEY: z
    .string()
    .min(1)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REMOTION_BROWSER_EXECUTABLE: z.string().optional(),
  RENDER_CONCURRENCY: z.coerce.number().int().min(1).max(16).optional(),
  RENDER_X264_PRESET: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'])
    .optional(),
  // Who encodes the `web` engine's published H.264: the browser, as it draws (the stream is published as it is), or
  // x264 afterwards (a second encode: ~27 % more CPU per render, files ~3.5× smaller; docs/benchmarks.md).
  RENDER_WEB_ENCODER: z.enum(['browser', 'x264'], 'must be browser or x264').default('browser'),
  RENDER_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  RENDER_BROWSER_RESTART_AFTER: z.coerce.number().int().min(1).max(10_000).default(50),
  RENDER_BUNDLE_DIR: z.string().default('build/remotion-bundle'),
  // Scale every render (video and thumbnail) by this factor, for tests and previews; 1 = full size.
  RENDER_SCALE: z.coerce.number().min(0.1).max(1).default(1),
  // Render and media work in the idle scheduling class, so API answers keep their latency while renders use
  // every core (server/lib/priority.ts); `normal` runs them like the server.
  RENDER_PRIORITY: z.enum(['background', 'normal']).default('background'),
  // Split a long render into chunks of this many seconds of video, drawn by any heavy-lane workers in parallel and
  // joined by one (server/render/render-chunks.ts); 0 renders every video whole.
  RENDER_CHUNK_SECONDS: z.coerce.number().min(0).max(3600).default(0),
  // Videos shorter than this render whole even when RENDER_CHUNK_SECONDS is set.
  RENDER_CHUNK_MIN_SECONDS: z.coerce.number().min(0).max(36_000).default(30),

  // Where renders run (server/render/lambda-backend.ts): this machine's workers, or Remotion Lambda on AWS.
  RENDER_BACKEND: z.enum(['local', 'lambda'], 'must be local or lambda').default('local'),
  REMOTION_LAMBDA_REGION: z
    .string()
    .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as us-east-1 or eu-central-1')
    .optional(),
  REMOTION_LAMBDA_FUNCTION_NAME: z
    .string()
    .regex(
      /^remotion-render-.+-mem\d+mb-disk\d+mb-\d+sec$/,
      'must be the name `npx remotion lambda functions deploy` printed, e.g. remotion-render-4-0-527-mem2048mb-disk2048mb-120sec',
    )
    .optional(),
  REMOTION_LAMBDA_SERVE_URL: z
    .url('must be the URL `npx remotion lambda sites create` printed, e.g. https://remotionlambda-useast1-abc.s3.us-east-1.amazonaws.com/sites/clipwright/index.html')
    .optional(),
  /** Frames each Lambda renders (Remotion's framesPerLambda, at least 4); unset: Remotion's choice. */
  REMOTION_LAMBDA_FRAMES_PER_LAMBDA: z.coerce.number('must be a whole number of frames, at least 4').int().min(4, 'must be at least 4').optional(),
  /** Render into this bucket instead of the remotionlambda-* bucket Remotion finds in the region. */
  REMOTION_LAMBDA_BUCKET: z.string().min(3).optional(),
  /** How often a Lambda render's progress is read (getRenderProgress: one S3 read per render). */
  REMOTION_LAMBDA_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  // Read by @remotion/lambda itself (REMOTION_AWS_* first, then the standard AWS_* variables); declared here
  // so a half-set pair is caught at start-up.
  REMOTION_AWS_ACCESS_KEY_ID: z.string().optional(),
  REMOTION_AWS_SECRET_ACCESS_KEY: z.string().optional(),
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),

  // AI messaging (server/messaging): optional OpenAI-compatible writer; the built-in writer needs none of these.
  AI_BASE_URL: z
    .url('must be the base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  AI_API_KEY: z.string().optional(),
  AI_MODEL: z.string().optional(),
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),

  // Media upload and processing (server/media); defaults modelled on X's published limits
  MEDIA_MAX_VIDEO_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024 * 1024),
  MEDIA_MAX_IMAGE_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  MEDIA_UPLOAD_EXPIRY_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(86_400),
  MEDIA_MIN_DURATION_SECONDS: z.coerce.number().min(0).max(60).default(0.5),
  MEDIA_MAX_DURATION_SECONDS: z.coerce.number().min(1).max(14_400).default(140),
  MEDIA_MAX_LONG_SIDE: z.coerce.number().int().min(64).max(8192).default(1920),
  MEDIA_MAX_SHORT_SIDE: z.coerce.number().int().min(64).max(8192).default(1200),
  MEDIA_MAX_FRAME_RATE: z.coerce.number().min(1).max(240).default(60),
  MEDIA_X264_PRESET: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'])
    .default('veryfast'),
  MEDIA_PROCESS_TIMEOUT_SECONDS: z.coerce.number().int().min(10).max(7200).default(900),
  FFMPEG_DIR: z.string().optional(),
  /** OAuth 1.0a: how far a request's oauth_timestamp may be from the server's clock; its nonce is kept that long. */
  OAUTH_TIMESTAMP_WINDOW_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  ADS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Requests per API key per minute on /api/v1 (shared by every process of a Postgres deployment). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000_000).default(1200),
  /** Sign-in attempts per email and per client address in 15 minutes; past them even the right password waits. */
  LOGIN_ATTEMPTS_PER_EMAIL: z.coerce.number().int().min(1).max(1_000_000).default(10),
  LOGIN_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** Sign-ups per client address per hour. */
  SIGNUPS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** Days a deleted video's or library item's files stay in the trash (unreachable, restorable) before their bytes are removed. */
  STORAGE_TRASH_DAYS: z.coerce.number().min(0).max(3650).default(7),
  /** Which proxies may name the client's address in X-Forwarded-For (server/lib/trust-proxy.ts): none by default. */
  TRUST_PROXY: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parseTrustProxy(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `${(err as Error).message} (e.g. TRUST_PROXY=1, or TRUST_PROXY=loopback,10.0.0.0/8)` });
      }
    }),
  MEDIA_UPLOAD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  /** Optional mail server for invitation emails (server/mail): smtp://user:pass@host:587 or smtps://…:465; unset = links only. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, 'must be an smtp:// or smtps:// URL such as smtps://user:password@smtp.example.com:465')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SMTP_FROM: z
    .string()
    .regex(/^[^@\s<>]+@[^@\s<>]+$|^[^<>]*<[^@\s<>]+@[^@\s<>]+>$/, 'must be an address such as Clipwright <videos@example.com>')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses the environment once; throws an Error naming each bad variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const result = envSchema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}\nSee .env.example for every setting.`);
  }
  const env = result.data;
  if ((env.BOOTSTRAP_EMAIL && !env.BOOTSTRAP_PASSWORD) || (!env.BOOTSTRAP_EMAIL && env.BOOTSTRAP_PASSWORD)) {
    throw new Error('Invalid environment configuration:\n  BOOTSTRAP_EMAIL and BOOTSTRAP_PASSWORD must be set together.');
  }
  if (env.BOOTSTRAP_API_KEY && !env.BOOTSTRAP_EMAIL) {
    throw new Error('Invalid environment configuration:\n  BOOTSTRAP_API_KEY needs BOOTSTRAP_EMAIL and BOOTSTRAP_PASSWORD.');
  }
  if (env.VERCEL && !env.DATABASE_URL) {
    throw new Error(
      'Invalid environment configuration:\n  DATABASE_URL: is required on Vercel (VERCEL=1). The embedded database (PGlite) ' +
        'needs a persistent disk, which serverless functions do not have: set DATABASE_URL to a Postgres server ' +
        '(e.g. Neon, Supabase, RDS) in the project\'s environment variables.',
    );
  }
  if (env.VERCEL && env.STORAGE_DRIVER !== 's3') {
    throw new Error(
      'Invalid environment configuration:\n  STORAGE_DRIVER: must be s3 on Vercel (VERCEL=1): a function\'s disk is ' +
        'not kept between invocations. Set STORAGE_DRIVER=s3 and S3_BUCKET (any S3-compatible store: AWS S3, ' +
        'Cloudflare R2, Backblaze B2, MinIO; see README "Deploy on Vercel").',
    );
  }
  if (env.WORKER_MODE === 'route') {
    if (!env.DATABASE_URL) {
      throw new Error(
        'Invalid environment configuration:\n  DATABASE_URL: is required when WORKER_MODE=route. Jobs then run in ' +
          'separate invocations of /api/jobs/run, which cannot share the embedded database (PGlite, one process): ' +
          'set DATABASE_URL to a Postgres server, or use WORKER_MODE=embedded.',
      );
    }
    if (!env.CRON_SECRET) {
      throw new Error(
        'Invalid environment configuration:\n  CRON_SECRET: is required when WORKER_MODE=route; it authenticates ' +
          'calls to /api/jobs/run (at least 16 characters, e.g. openssl rand -hex 32).',
      );
    }
    if (!env.APP_URL) {
      throw new Error(
        'Invalid environment configuration:\n  APP_URL: is required when WORKER_MODE=route; enqueueing calls ' +
          '<APP_URL>/api/jobs/run (e.g. APP_URL=https://video.example.com).',
      );
    }
  }
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET) {
    throw new Error('Invalid environment configuration:\n  S3_BUCKET: is required when STORAGE_DRIVER=s3.');
  }
  if (env.RENDER_BACKEND === 'lambda') {
    const problems = lambdaProblems(env);
    if (problems.length > 0) throw new Error(`Invalid environment configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  if (env.SMTP_URL && !env.SMTP_FROM) {
    throw new Error('Invalid environment configuration:\n  SMTP_FROM: is required when SMTP_URL is set (e.g. Clipwright <videos@example.com>).');
  }
  cached = env;
  return env;
}

/** What RENDER_BACKEND=lambda still lacks, one line per variable. */
function lambdaProblems(env: Env): string[] {
  const problems: string[] = [];
  const required = ['REMOTION_LAMBDA_REGION', 'REMOTION_LAMBDA_FUNCTION_NAME', 'REMOTION_LAMBDA_SERVE_URL'] as const;
  for (const name of required) {
    if (!env[name]) problems.push(`${name}: is required when RENDER_BACKEND=lambda (see "Render on AWS Lambda" in the README).`);
  }
  for (const [id, secret] of [
    ['REMOTION_AWS_ACCESS_KEY_ID', 'REMOTION_AWS_SECRET_ACCESS_KEY'],
    ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
  ] as const) {
    if (!env[id] !== !env[secret]) problems.push(`${id} and ${secret} must be set together.`);
  }
  return problems;
}

/** Test hook: forget the parsed environment so changed variables are read again. */
export function resetEnvCache() {
  cached = undefined;
}

export function dataDir(): string {
  return path.resolve(getEnv().DATA_DIR);
}

/**
 * The secret that signs session cookies. Self-hosters who set nothing get one
 * generated once and kept in DATA_DIR, so sessions survive restarts without a
 * setup step. Processes sharing DATA_DIR share it; on several machines set AUTH_SECRET.
 */
export function authSecret(): string {
  const env = getEnv();
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const dir = dataDir();
  const file = path.join(dir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // Written whole under a private name, then linked into place: link() fails if the file exists, and
  // a process reading it (several web processes start together) never sees it half-written.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, secret, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, file);
    return secret;
  } catch (err) {
    // Another process wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}
