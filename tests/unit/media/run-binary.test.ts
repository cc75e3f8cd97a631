/**
 * runBinary starts programs through the process helper (lib/spawner.ts):
 * the server's own process never forks, and output, exit codes, kills,
 * timeouts and a helper that dies behave as they did with a direct spawn.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FfmpegError, ffmpegPaths, runBinary, runFfmpeg } from '../../../server/media/ffmpeg';
import { stopSpawnHelper } from '../../../server/lib/spawner';

const helperPid = () => (globalThis as unknown as { __clipwrightSpawner?: { helper: { pid?: number } | null } }).__clipwrightSpawner?.helper?.pid;

afterAll(() => stopSpawnHelper());

describe('runBinary through the process helper', () => {
  it('runs the program as a child of the helper, not of this process', async () => {
    const { stdout } = await runBinary('/bin/sh', ['-c', 'echo "$PPID"']);
    const parent = Number(stdout.trim());
    expect(parent).toBeGreaterThan(0);
    expect(parent).not.toBe(process.pid);
    expect(parent).toBe(helperPid());
  });

  it('collects stdout and stderr, streams stdout by line, and gives the environment of ffmpegPaths', async () => {
    const lines: string[] = [];
    const out = await runBinary('/bin/sh', ['-c', 'printf "a\\nb\\n"; echo oops >&2; echo "$LD_LIBRARY_PATH"'], { onStdoutLine: (l) => lines.push(l) });
    expect(lines).toEqual(['a', 'b', ffmpegPaths().ldLibraryPath]);
    expect(out.stderr).toBe('oops\n');
  });

  it('runs the real ffmpeg (its shared libraries found) and reports a failing exit with its stderr', async () => {
    const version = await runBinary(ffmpegPaths().ffmpeg, ['-version']);
    expect(version.stdout).toMatch(/^ffmpeg version/);
    const err = await runFfmpeg(['-i', '/nonexistent/input.mp4', '-f', 'null', '-']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegError);
    expect((err as FfmpegError).exitCode).not.toBe(0);
    expect((err as FfmpegError).stderr).toMatch(/No such file/);
  });

  it('fails with the error of a program that cannot start', async () => {
    await expect(runBinary('/nonexistent/program', [])).rejects.toThrow();
  });

  it('kills the program on abort and on timeout', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const aborted = runBinary('/bin/sleep', ['30'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(aborted).rejects.toThrow(/sleep aborted/);
    await expect(runBinary('/bin/sleep', ['30'], { timeoutMs: 200 })).rejects.toThrow(/sleep timed out after 200 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails the calls in flight when the helper dies, and starts a new helper for the next', async () => {
    await runBinary('/bin/true', []);
    const first = helperPid()!;
    const running = runBinary('/bin/sleep', ['30']);
    await new Promise((r) => setTimeout(r, 100));
    process.kill(first, 'SIGKILL');
    await expect(running).rejects.toThrow(/helper exited/);
    const { stdout } = await runBinary('/bin/sh', ['-c', 'echo "$PPID"']);
    expect(Number(stdout.trim())).not.toBe(first);
    expect(helperPid()).not.toBe(first);
  });

  it('still feeds stdin by starting the program directly', async () => {
    const { stdout } = await runBinary('/bin/cat', [], { input: Buffer.from('piped') });
    expect(stdout).toBe('piped');
  });
});
