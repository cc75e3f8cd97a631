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
export function ffmpegPaths(): { ffmpeg: string; ffprobe: string; env: NodeJS.ProcessEnv } {
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
  return { ffmpeg, ffprobe, env: { ...process.env, LD_LIBRARY_PATH: ld } };
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

/** Runs a binary, collecting stdout (unless streamed by line) and the tail of stderr. */
export function runBinary(
  file: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const { env } = ffmpegPaths();
  return new Promise((resolve, reject) => {
    // Background work: below the web server (lib/priority.ts); chrt execs the binary in the same process.
    const [command, commandArgs] = inBackground(file, args);
    const child = spawn(command, commandArgs, { env, stdio: [opts.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let settled = false;
    let killedFor: string | null = null;
    const kill = (why: string) => {
      killedFor ??= why;
      child.kill('SIGKILL');
    };
    const timer = opts.timeoutMs ? setTimeout(() => kill(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs) : null;
    const onAbort = () => kill('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();

    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
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
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > MAX_CAPTURE) stderr = stderr.slice(-MAX_CAPTURE);
    });
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve({ stdout, stderr });
    };
    child.on('error', (err) => finish(err));
    child.on('close', (code) => {
      if (killedFor) finish(new FfmpegError(`${path.basename(file)} ${killedFor}`, code, stderr));
      else if (code !== 0) finish(new FfmpegError(`${path.basename(file)} exited with code ${code}`, code, stderr));
      else finish(null);
    });

    if (opts.input && child.stdin) {
      const stdin = child.stdin;
      // ffmpeg closing its input early (e.g. on error) must not crash the process with EPIPE.
      stdin.on('error', () => {});
      const input = opts.input;
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
    }
  });
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
