/**
 * Starts short-lived programs (ffmpeg, ffprobe) from a small helper process
 * instead of from the server's own process.
 *
 * Node starts a child with fork() + exec(). fork() of a process that holds
 * hundreds of MB (the web server with PGlite's memory, V8's heap and the
 * render bookkeeping) blocks its event loop while the kernel copies the page
 * tables, and leaves every page of the parent copy-on-write: the next write
 * to each one (a garbage collection, a PGlite query) takes a page fault.
 * Measured here: one spawn from a process with 400 MB touched, 24 ms blocked
 * plus 86 ms of page faults on the next pass over its memory. A render
 * spawns ffmpeg or ffprobe about six times; through the helper a batch video
 * cost ~0.9 CPU s less (docs/benchmarks.md, "Batches").
 *
 * The helper is a bare Node process (~40 MB) started once, on first use,
 * with its source inline (`node -e`), so it needs no file of its own in a
 * bundled or standalone build. It spawns what it is asked to over the IPC
 * channel and streams back stdout, stderr and the exit. Forking it is cheap,
 * and its own forks are cheap. If it dies, the calls in flight fail (as a
 * crashed ffmpeg would) and the next call starts a new one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { errorFields, logger } from './logger';

/** The helper's program: CommonJS, no dependencies, run with `node -e`. */
const HELPER_SOURCE = String.raw`
const { spawn } = require('node:child_process');
const children = new Map();
const send = (m) => { if (process.connected) process.send(m); };
process.on('message', (m) => {
  if (m.t === 'kill') {
    const child = children.get(m.id);
    if (child) child.kill(m.signal);
    return;
  }
  if (m.t !== 'spawn') return;
  let child;
  try {
    child = spawn(m.file, m.args, { env: { ...process.env, ...m.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    send({ t: 'error', id: m.id, message: String(err && err.message), code: err && err.code });
    return;
  }
  children.set(m.id, child);
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => send({ t: 'out', id: m.id, d }));
  child.stderr.on('data', (d) => send({ t: 'err', id: m.id, d }));
  child.on('error', (err) => send({ t: 'error', id: m.id, message: err.message, code: err.code }));
  child.on('close', (code, signal) => {
    children.delete(m.id);
    send({ t: 'close', id: m.id, code, signal });
  });
});
process.on('disconnect', () => {
  for (const child of children.values()) child.kill('SIGKILL');
  process.exit(0);
});
`;

type HelperMessage =
  | { t: 'out' | 'err'; id: number; d: string }
  | { t: 'close'; id: number; code: number | null; signal: NodeJS.Signals | null }
  | { t: 'error'; id: number; message: string; code?: string };

export interface SpawnedHandlers {
  onStdout: (chunk: string) => void;
  onStderr: (chunk: string) => void;
  /** Exactly once: the exit, or an error (the program could not start, the helper died). */
  onEnd: (result: { code: number | null; signal: NodeJS.Signals | null } | { error: Error }) => void;
}

/** A program started through the helper. */
export interface Spawned {
  kill: (signal?: NodeJS.Signals) => void;
}

const g = globalThis as unknown as {
  __clipwrightSpawner?: { helper: ChildProcess | null; calls: Map<number, SpawnedHandlers>; nextId: number };
};

function state() {
  g.__clipwrightSpawner ??= { helper: null, calls: new Map(), nextId: 1 };
  return g.__clipwrightSpawner;
}

/** The helper keeps the process alive only while a program it started is running. */
function updateRef(helper: ChildProcess, calls: Map<number, SpawnedHandlers>) {
  if (calls.size > 0) {
    helper.ref();
    helper.channel?.ref();
  } else {
    helper.unref();
    helper.channel?.unref();
  }
}

function endCall(id: number, result: Parameters<SpawnedHandlers['onEnd']>[0]) {
  const s = state();
  const call = s.calls.get(id);
  if (!call) return;
  s.calls.delete(id);
  if (s.helper) updateRef(s.helper, s.calls);
  call.onEnd(result);
}

function startHelper(): ChildProcess {
  const s = state();
  const helper = spawn(process.execPath, ['-e', HELPER_SOURCE], {
    // Its own errors (it should have none) go to the server's stderr.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // No inspector, profiler or loader options of the server's: the helper is plain Node.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  helper.on('message', (m: HelperMessage) => {
    const call = s.calls.get(m.id);
    if (!call) return;
    if (m.t === 'out') call.onStdout(m.d);
    else if (m.t === 'err') call.onStderr(m.d);
    else if (m.t === 'close') endCall(m.id, { code: m.code, signal: m.signal });
    else if (m.t === 'error') endCall(m.id, { error: Object.assign(new Error(m.message), { code: m.code }) });
  });
  const onGone = (err?: Error) => {
    if (s.helper !== helper) return;
    s.helper = null;
    if (err) logger.warn('the process helper failed; the next program starts a new one', errorFields(err));
    for (const id of [...s.calls.keys()]) endCall(id, { error: new Error('the process helper exited while the program ran') });
  };
  helper.on('exit', () => onGone());
  helper.on('error', (err) => onGone(err));
  s.helper = helper;
  return helper;
}

/**
 * Starts `file args` (stdin closed) through the helper; `env` is laid over
 * the server's environment. Output arrives as UTF-8 text.
 */
export function spawnThroughHelper(file: string, args: readonly string[], env: Record<string, string>, handlers: SpawnedHandlers): Spawned {
  const s = state();
  const helper = s.helper && s.helper.connected ? s.helper : startHelper();
  const id = s.nextId++;
  s.calls.set(id, handlers);
  updateRef(helper, s.calls);
  helper.send({ t: 'spawn', id, file, args, env }, (err) => {
    if (err) endCall(id, { error: err });
  });
  return {
    kill: (signal = 'SIGKILL') => {
      if (s.calls.has(id) && helper.connected) helper.send({ t: 'kill', id, signal }, () => undefined);
    },
  };
}

/** Stops the helper (tests; it also exits on its own when the server does). */
export function stopSpawnHelper(): void {
  const s = state();
  const helper = s.helper;
  if (!helper) return;
  s.helper = null;
  for (const id of [...s.calls.keys()]) endCall(id, { error: new Error('the process helper was stopped') });
  helper.kill();
}
