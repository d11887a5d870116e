// Helpers shared by the npm start / npm test entry points. Plain Node, no dependencies: they run before
// `npm install` on a fresh clone.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Prints a step header, with the seconds since this script started. */
export function step(message) {
  console.log(`\n\x1b[1m▶ ${message}\x1b[0m [${Math.round(process.uptime())} s]`);
}

/** Runs a command in the repository root with inherited stdio; throws on a non-zero exit. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options, env: { ...process.env, ...options.env } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

/** Runs an installed binary (node_modules/.bin). */
export function bin(name, args, options) {
  run(join(ROOT, 'node_modules', '.bin', name), args, options);
}

/** Installs npm packages when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const lock = join(ROOT, 'package-lock.json');
  const stamp = join(ROOT, 'node_modules', '.fleetcache-install-stamp');
  const wanted = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  step('Installing npm packages (npm install)');
  // `npm ci` refuses this lockfile here: it lacks optional packages for other platforms (docker/Dockerfile's build stage says which).
  run('npm', ['install', '--no-audit', '--no-fund']);
  writeFileSync(stamp, wanted);
}

/** Runs scripts/stack/stack.sh with a sub-command. */
export function stack(command) {
  run('bash', [join(ROOT, 'scripts', 'stack', 'stack.sh'), command]);
}

/** Whether the local stack is already up and healthy. */
export function stackIsUp() {
  const result = spawnSync('bash', [join(ROOT, 'scripts', 'stack', 'stack.sh'), 'status'], { cwd: ROOT, stdio: 'ignore' });
  return result.status === 0;
}

/** Starts a long-running child process whose output is prefixed with its name. */
export function startProcess(name, command, args, env) {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) => {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) out.write(`\x1b[36m[${name}]\x1b[0m ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  return child;
}
