import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(__dirname, '..', '..', '..', '..');
/** Where the container scripts keep their state (engine pid, compose env file, build logs). */
export const STATE = join(ROOT, 'tmp', 'containers');
const BASE_IMAGES_FILE = join(STATE, 'base-images.env');
/** Debian's docker CLI (scripts/containers/lib.sh says why not the first one on the PATH). */
const DOCKER_CLI = process.env.DOCKER_CLI ?? '/usr/bin/docker';

/** Longest a script may run (the app images: two builds of at most 8 min each, one after the other). */
const SCRIPT_TIMEOUT_MS = 20 * 60_000;

/**
 * Runs scripts/containers/<name> with bash; its log lines pass through, its stdout is returned. The scripts bound
 * their own long steps; `timeoutMs` is the last resort: `timeout` then stops the script's whole process group (the
 * docker builds, debootstrap, docker-compose it started), not only bash.
 */
export function script(
  name: string,
  args: string[] = [],
  env: Record<string, string> = {},
  timeoutMs = SCRIPT_TIMEOUT_MS,
): string {
  const seconds = String(Math.ceil(timeoutMs / 1000));
  const command = ['--kill-after=10', seconds, 'bash', join(ROOT, 'scripts', 'containers', name), ...args];
  return execFileSync('timeout', command, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutMs + 30_000,
  });
}

/** Longest a docker CLI call may take: the calls are synchronous, and Jest's own timeout can't stop them. */
const DOCKER_CALL_TIMEOUT_MS = 120_000;

/** Runs the docker CLI; returns its stdout, trimmed. Throws (with its stderr) when it fails or takes too long. */
export function docker(...args: string[]): string {
  return execFileSync(DOCKER_CLI, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: DOCKER_CALL_TIMEOUT_MS,
  }).trim();
}

/** Runs the docker CLI and returns its exit status instead of throwing. */
export function dockerStatus(...args: string[]): number {
  try {
    docker(...args);
    return 0;
  } catch (error) {
    return (error as { status?: number }).status ?? 1;
  }
}

/** Keeps the base images' names that the global setup wrote (BASE_IMAGE, REDIS_IMAGE, MYSQL_IMAGE, MEMCACHED_IMAGE). */
export function recordBaseImages(lines: string): void {
  mkdirSync(STATE, { recursive: true });
  writeFileSync(BASE_IMAGES_FILE, lines);
}

/** The base images' names, as the global setup recorded them. */
export function baseImages(): Record<string, string> {
  return Object.fromEntries(
    readFileSync(BASE_IMAGES_FILE, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => line.split('=', 2) as [string, string]),
  );
}

/** How long `action` took, in milliseconds. */
export function timed(action: () => void): number {
  const started = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Waits (polling every 500 ms) until `check` is true; fails with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
