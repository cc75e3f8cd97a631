/**
 * ffmpeg and ffprobe for uploaded media: the binaries shipped in Remotion's
 * compositor npm package (no system ffmpeg needed), or those in FFMPEG_DIR.
 * That build is minimal but has what processing needs: the mov/mp4,
 * matroska, avi, mpegts and image demuxers; h264, hevc, vp8/9, av1, prores,
 * mpeg4, mjpeg and png decoders; libx264, aac and mjpeg encoders; scale,
 * transpose/hflip/vflip (autorotate) and format filters.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getEnv } from '../env';
import { inBackground } from '../lib/priority';
import { spawnThroughHelper } from '../lib/spawner';

export class FfmpegError extends Error {
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(message: string, exitCode: number | null, stderr: string) {
    super(message);
    this.name = 'FfmpegError';
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

function compositorDir(): string {
  const env = getEnv();
  if (env.FFMPEG_DIR) return path.resolve(env.FFMPEG_DIR);
  // Resolved from the working directory, like the rest of the app (migrations, bundles):
  // Next bundles server code, so require.resolve from this file would point into .next.
  return path.resolve(process.cwd(), 'node_modules/@remotion/compositor-linux-x64-gnu');
}

/** Absolute paths of the two binaries, and the environment they run with. */
export function ffmpegPaths(): { ffmpeg: string; ffprobe: string; env: NodeJS.ProcessEnv; ldLibraryPath: string } {
  const dir = compositorDir();
  const ffmpeg = path.join(dir, 'ffmpeg');
  const ffprobe = path.join(dir, 'ffprobe');
  if (!existsSync(ffmpeg) || !existsSync(ffprobe)) {
    throw new Error(
      `ffmpeg/ffprobe not found in ${dir}: install @remotion/compositor-linux-x64-gnu (a dependency of @remotion/renderer) or set FFMPEG_DIR`,
    );
  }
  // The binaries link the shared libav* libraries next to them.
  const ld = process.env.LD_LIBRARY_PATH ? `${dir}:${process.env.LD_LIBRARY_PATH}` : dir;
  return { ffmpeg, ffprobe, env: { ...process.env, LD_LIBRARY_PATH: ld }, ldLibraryPath: ld };
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Kill the process after this long. */
  timeoutMs?: number;
  /** Bytes written to stdin (test media generation); stdin is closed otherwise. */
  input?: AsyncIterable<Uint8Array> | Buffer;
  /** Called with each complete stdout line (ffmpeg -progress pipe:1). */
  onStdoutLine?: (line: string) => void;
}

const MAX_CAPTURE = 256 * 1024;

/**
 * Runs a binary, collecting stdout (unless streamed by line) and the tail of
 * stderr. Started through the process helper (lib/spawner.ts), so the
 * server's own process never forks; with `input`, which the helper does not
 * relay, directly.
 */
export function runBinary(
  file: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const { env, ldLibraryPath } = ffmpegPaths();
  return new Promise((resolve, reject) => {
    // Background work: below the web server (lib/priority.ts); chrt execs the binary in the same process.
    const [command, commandArgs] = inBackground(file, args);
    let stdout = '';
    let stderr = '';
    let pending = '';
    let settled = false;
    let killedFor: string | null = null;
    const onStdout = (chunk: string) => {
      if (opts.onStdoutLine) {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          opts.onStdoutLine(pending.slice(0, nl).trim());
          pending = pending.slice(nl + 1);
        }
      } else if (stdout.length < 64 * 1024 * 1024) {
        stdout += chunk;
      }
    };
    const onStderr = (chunk: string) => {
      stderr += chunk;
      if (stderr.length > MAX_CAPTURE) stderr = stderr.slice(-MAX_CAPTURE);
    };
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve({ stdout, stderr });
    };
    const onExit = (code: number | null) => {
      if (killedFor) finish(new FfmpegError(`${path.basename(file)} ${killedFor}`, code, stderr));
      else if (code !== 0) finish(new FfmpegError(`${path.basename(file)} exited with code ${code}`, code, stderr));
      else finish(null);
    };
    const child = opts.input
      ? spawnDirect(command, commandArgs, env, opts.input, { onStdout, onStderr, onExit, onError: finish })
      : spawnThroughHelper(command, commandArgs, { LD_LIBRARY_PATH: ldLibraryPath }, {
          onStdout,
          onStderr,
          onEnd: (result) => ('error' in result ? finish(result.error) : onExit(result.code)),
        });
    const kill = (why: string) => {
      killedFor ??= why;
      child.kill('SIGKILL');
    };
    const timer = opts.timeoutMs ? setTimeout(() => kill(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs) : null;
    const onAbort = () => kill('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();
  });
}

/** A binary started from this process, fed `input` on stdin (generated test media). */
function spawnDirect(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input: NonNullable<RunOptions['input']>,
  on: { onStdout: (chunk: string) => void; onStderr: (chunk: string) => void; onExit: (code: number | null) => void; onError: (err: Error) => void },
): { kill: (signal: NodeJS.Signals) => void } {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', on.onStdout);
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', on.onStderr);
  child.on('error', on.onError);
  child.on('close', on.onExit);
  const stdin = child.stdin!;
  // ffmpeg closing its input early (e.g. on error) must not crash the process with EPIPE.
  stdin.on('error', () => {});
  void (async () => {
    try {
      if (Buffer.isBuffer(input)) {
        stdin.end(input);
        return;
      }
      for await (const chunk of input) {
        if (!stdin.write(chunk)) await new Promise((r) => stdin.once('drain', r));
      }
      stdin.end();
    } catch {
      stdin.destroy();
    }
  })();
  return { kill: (signal) => void child.kill(signal) };
}

/** Runs ffmpeg with `-hide_banner -nostdin`-style defaults. */
export function runFfmpeg(args: readonly string[], opts: RunOptions = {}) {
  return runBinary(ffmpegPaths().ffmpeg, ['-hide_banner', '-loglevel', 'error', ...args], opts);
}

/** Runs ffprobe and parses its JSON output. */
export async function runFfprobeJson(args: readonly string[], opts: RunOptions = {}): Promise<unknown> {
  const { stdout } = await runBinary(ffmpegPaths().ffprobe, ['-v', 'error', '-print_format', 'json', ...args], opts);
  return JSON.parse(stdout);
}

/** The last meaningful line of ffmpeg's stderr, for error messages. */
export function stderrSummary(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]+\]\s*/, '').trim())
    .filter(Boolean);
  return lines.slice(-3).join('; ').slice(0, 500);
}
