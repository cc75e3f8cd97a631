/**
 * The AI writer against a real HTTP server speaking the OpenAI chat
 * completions protocol on 127.0.0.1: a good answer is used; every kind of bad
 * answer (invalid JSON, wrong slot plan, placeholders, HTTP 500, a hang past
 * the timeout, nobody listening) falls back to the built-in writer, fast.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { scriptSchema } from '@/remotion/script';
import { resetEnvCache } from '@/server/env';
import type { AiWriterConfig } from '@/server/messaging/ai-writer';
import { writeBuiltinScript, writeScript } from '@/server/messaging/service';

const SARAH = {
  first_name: 'Sarah',
  last_name: 'Johnson',
  company: 'Acme Inc.',
  product_tier: 'Enterprise',
  usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
};
const PARAMS = {
  templateId: 'tmpl_welcome_message',
  customerData: SARAH,
  aiMessaging: { tone: 'professional', length: 'medium', focus_points: ['product_benefits', 'next_steps'] },
};

const GOOD_ANSWER = {
  headline: 'Welcome to Acme Inc., Sarah',
  scenes: [
    { kind: 'greeting', title: null, text: 'Welcome, Sarah. Your Enterprise workspace for Acme Inc. is ready.' },
    { kind: 'benefit', title: 'A strong start', text: 'Twelve logins already, across dashboard, reports and analytics.' },
    { kind: 'benefit', title: 'Built for Enterprise', text: 'Every Enterprise capability is switched on for your team.' },
    { kind: 'next_step', title: 'Invite your team', text: 'Add your colleagues so Acme Inc. works from one source of truth.' },
  ],
  cta_label: 'Open your workspace',
  // A model must not choose where the button points: this is ignored.
  cta_url: 'https://evil.example.com',
};

type Reply =
  | { kind: 'content'; content: string }
  | { kind: 'status'; status: number; body: unknown }
  | { kind: 'hang' };

let reply: Reply = { kind: 'content', content: JSON.stringify(GOOD_ANSWER) };
const received: Array<{ url: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }> = [];
let server: http.Server;
let baseUrl: string;

function completion(content: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 100, total_tokens: 200 },
  };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ url: req.url ?? '', headers: req.headers, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      if (reply.kind === 'hang') return;
      const [status, body] = reply.kind === 'status' ? [reply.status, reply.body] : [200, completion(reply.content)];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
  received.length = 0;
  reply = { kind: 'content', content: JSON.stringify(GOOD_ANSWER) };
  vi.restoreAllMocks();
});

function config(overrides: Partial<AiWriterConfig> = {}): AiWriterConfig {
  return { baseUrl, apiKey: 'sk-test', model: 'fake-model', timeoutMs: 2000, ...overrides };
}

/** Runs the writer, timing it and capturing the warning lines it logs. */
async function run(ai: AiWriterConfig = config()) {
  const warnings: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
    warnings.push(String(line));
  });
  const started = performance.now();
  const result = await writeScript(PARAMS, { ai });
  return { ...result, ms: performance.now() - started, warnings };
}

describe('AI writer over HTTP', () => {
  it('uses a valid structured answer', async () => {
    const { script, writer, warnings } = await run();
    expect(writer).toBe('ai');
    expect(scriptSchema.safeParse(script).success).toBe(true);
    expect(script).toEqual({
      length: 'medium',
      headline: GOOD_ANSWER.headline,
      scenes: [
        { kind: 'greeting', text: GOOD_ANSWER.scenes[0]?.text },
        { kind: 'benefit', title: 'A strong start', text: GOOD_ANSWER.scenes[1]?.text },
        { kind: 'benefit', title: 'Built for Enterprise', text: GOOD_ANSWER.scenes[2]?.text },
        { kind: 'next_step', title: 'Invite your team', text: GOOD_ANSWER.scenes[3]?.text },
      ],
      cta: { label: 'Open your workspace', url: null },
    });
    expect(warnings).toEqual([]);
  });

  it('sends one OpenAI-style request with the key, the model, a JSON schema and the slot plan', async () => {
    await run();
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.body.model).toBe('fake-model');
    expect(request?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: false } });
    const messages = request?.body.messages as Array<{ role: string; content: string }>;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1]?.content).toContain('exactly 4, in exactly this order');
    expect(messages[1]?.content).toContain('"first_name": "Sarah"');
  });

  it('sends no Authorization header when the key is empty (local servers)', async () => {
    const { writer } = await run(config({ apiKey: undefined }));
    expect(writer).toBe('ai');
    expect(received[0]?.headers.authorization).toBeUndefined();
  });

  it('is configured from the environment', async () => {
    process.env = { ...saved, AI_BASE_URL: baseUrl, AI_MODEL: 'fake-model', AI_API_KEY: '', AI_TIMEOUT_MS: '2000' };
    resetEnvCache();
    const result = await writeScript(PARAMS);
    expect(result.writer).toBe('ai');
  });

  const builtin = writeBuiltinScript(PARAMS);
  const wrongPlan = { ...GOOD_ANSWER, scenes: GOOD_ANSWER.scenes.slice(0, 2) };
  const wrongKinds = { ...GOOD_ANSWER, scenes: GOOD_ANSWER.scenes.map((s) => ({ ...s, kind: 'benefit' })) };
  const missingTitle = { ...GOOD_ANSWER, scenes: GOOD_ANSWER.scenes.map((s) => ({ ...s, title: null })) };
  const placeholder = { ...GOOD_ANSWER, headline: 'Welcome, {first_name}!' };
  const tooLong = { ...GOOD_ANSWER, cta_label: 'x'.repeat(41) };

  it.each<[string, Reply, string]>([
    ['invalid JSON', { kind: 'content', content: 'Sure! Here is your script: {headline: "Hi"' }, 'invalid_output'],
    ['JSON of the wrong shape', { kind: 'content', content: JSON.stringify({ title: 'Hi' }) }, 'invalid_output'],
    ['too few scenes', { kind: 'content', content: JSON.stringify(wrongPlan) }, 'invalid_output'],
    ['the wrong scene kinds', { kind: 'content', content: JSON.stringify(wrongKinds) }, 'invalid_output'],
    ['missing required titles', { kind: 'content', content: JSON.stringify(missingTitle) }, 'invalid_output'],
    ['a placeholder', { kind: 'content', content: JSON.stringify(placeholder) }, 'invalid_output'],
    ['a CTA label over the limit', { kind: 'content', content: JSON.stringify(tooLong) }, 'invalid_output'],
    ['HTTP 500', { kind: 'status', status: 500, body: { error: { message: 'boom', type: 'server_error' } } }, 'http'],
    ['HTTP 401', { kind: 'status', status: 401, body: { error: { message: 'bad key', type: 'auth' } } }, 'http'],
  ])('falls back to the built-in writer on %s, fast, with a warning', async (_name, badReply, reason) => {
    reply = badReply;
    const { script, writer, ms, warnings } = await run();
    expect(writer).toBe('builtin');
    expect(script).toEqual(builtin);
    expect(ms).toBeLessThan(1500);
    expect(received).toHaveLength(1);
    const warning = warnings.find((w) => w.includes('messaging.ai_writer_failed'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 'warn', reason, template_id: 'tmpl_welcome_message', model: 'fake-model' });
    // The log names the failure, never the customer.
    expect(warning).not.toContain('Johnson');
  });

  it('falls back when the endpoint hangs past the timeout', async () => {
    reply = { kind: 'hang' };
    const { writer, script, ms, warnings } = await run(config({ timeoutMs: 300 }));
    expect(writer).toBe('builtin');
    expect(script).toEqual(builtin);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(1500);
    expect(JSON.parse(warnings.find((w) => w.includes('messaging.ai_writer_failed')) ?? '{}')).toMatchObject({ reason: 'timeout' });
  });

  it('falls back when nothing listens at the address', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { writer, ms } = await run(config({ baseUrl: `http://127.0.0.1:${port}/v1` }));
    expect(writer).toBe('builtin');
    expect(ms).toBeLessThan(1500);
  });

  it("stops waiting when the caller's signal aborts", async () => {
    reply = { kind: 'hang' };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await writeScript(PARAMS, { ai: config({ timeoutMs: 10_000 }), signal: controller.signal });
    expect(result.writer).toBe('builtin');
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
