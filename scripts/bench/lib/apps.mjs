// The processes under test: user-service, cache-warmer and the bench-peers app, from their built bundles, each
// pinned to the server core (taskset) when it can be.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/workspace.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The settings every process of a benchmark shares: its own database, key prefix and channels. */
export const BENCH_ENV = {
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  DB_NAME: 'fleetcache_bench',
  CACHE_KEY_PREFIX: 'fcb',
  EVENTS_CHANNEL_PREFIX: 'fcb',
  INTERNAL_TOKEN: 'fleetcache-bench-internal-token',
  WARMER_WARMUP_ON_START: 'false',
};

/** Whether processes can be pinned to a core. */
export const canPin = HAS_TASKSET;

/** Runs `fn` with `taskset -c cpu` prepended when available. */
export function pinned(cpu, command, args) {
  return HAS_TASKSET && cpu !== undefined ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}

/** One app process on a fixed port. */
export class App {
  constructor(bundle, port, env = {}, { cpu = 0, name = `${bundle}:${port}` } = {}) {
    this.main = join(ROOT, 'dist', 'apps', bundle, 'main.js');
    if (!existsSync(this.main)) throw new Error(`${this.main} is missing: build first`);
    this.name = name;
    this.port = port;
    this.env = { ...process.env, ...BENCH_ENV, ...env, PORT: String(port) };
    this.cpu = cpu;
    this.log = [];
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    const [command, args] = pinned(this.cpu, process.execPath, [this.main]);
    this.child = spawn(command, args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d) => this.log.push(String(d)) > 100 && this.log.shift();
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    for (let i = 0; i < 300; i++) {
      const ok = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (ok) return this;
      if (this.child.exitCode !== null) break;
      await sleep(100);
    }
    await this.stop();
    throw new Error(`${this.name} did not become ready:\n${this.log.join('').slice(-3000)}`);
  }

  /** CPU seconds (user + system) this process has used so far; taskset execs node, so the pid is node's. */
  cpuSeconds() {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime, in clock ticks
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => resolve(clearTimeout(force)));
      child.kill('SIGTERM');
    });
  }

  /** Sum of a Prometheus metric's samples whose labels include every `labels` pair. */
  async metric(name, labels = {}) {
    const text = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text());
    return sumSamples(text, name, labels);
  }

  /** A histogram's buckets (cumulative counts by upper bound, seconds) over the series matching `labels`. */
  async histogram(name, labels = {}) {
    const text = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text());
    const buckets = new Map();
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}_bucket{`)) continue;
      if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
      const le = /le="([^"]+)"/.exec(line)[1];
      const bound = le === '+Inf' ? Infinity : Number(le);
      buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
    }
    return [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  }
}

function sumSamples(text, name, labels) {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Starts apps together; stops all of them if one fails. */
export async function startAll(apps) {
  const results = await Promise.allSettled(apps.map((a) => a.start()));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await stopAll(apps);
    throw failed.reason;
  }
  return apps;
}

export function stopAll(apps) {
  return Promise.all(apps.map((a) => a.stop()));
}
