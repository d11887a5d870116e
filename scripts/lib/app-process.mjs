// One app from its built bundle (dist/apps/<bundle>/main.js) as a child process, for the consistency checker and
// the benchmarks: start and wait for readiness, stop (SIGTERM, or SIGKILL for crash faults), read its metrics.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './workspace.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const HAS_TASKSET = process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Whether processes can be pinned to a core. */
export const canPin = HAS_TASKSET;

/** `[command, args]` for running `command args` pinned to `cpu` (unpinned when taskset is missing or cpu unset). */
export function pinned(cpu, command, args) {
  return HAS_TASKSET && cpu !== undefined ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}

export class AppProcess {
  /**
   * `env` must hold PORT and INTERNAL_PORT; `cpu` pins the process (taskset execs node, so the pid stays node's); `nodeArgs` go to
   * node before the script (e.g. --cpu-prof); `root` is the checkout whose build runs (default: this one).
   */
  constructor(bundle, name, env, { cpu, nodeArgs = [], root = ROOT } = {}) {
    this.main = join(root, 'dist', 'apps', bundle, 'main.js');
    if (!env.PORT || !env.INTERNAL_PORT) throw new Error(`${name}: env must hold PORT and INTERNAL_PORT`);
    if (!existsSync(this.main)) throw new Error(`${this.main} is missing: build first (npx nx run-many -t build)`);
    this.name = name;
    this.env = env;
    this.cpu = cpu;
    this.nodeArgs = nodeArgs;
    this.log = [];
  }

  get url() {
    return `http://127.0.0.1:${this.env.PORT}`;
  }

  /** Base URL of the internal port: /metrics and the replay feed. */
  get internalUrl() {
    return `http://127.0.0.1:${this.env.INTERNAL_PORT}`;
  }

  async start() {
    const [command, args] = pinned(this.cpu, process.execPath, [...this.nodeArgs, this.main]);
    this.child = spawn(command, args, { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d) => this.log.push(String(d)) > 200 && this.log.shift();
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    for (let i = 0; i < 300; i++) {
      const ok = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (ok) return this;
      if (this.child.exitCode !== null) break;
      await sleep(100);
    }
    await this.stop('SIGKILL');
    throw new Error(`${this.name} did not become ready:\n${this.log.join('').slice(-3000)}`);
  }

  /** Stops the process; one that does not drain within 5 s is killed. */
  async stop(signal = 'SIGTERM') {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => resolve(clearTimeout(force)));
      child.kill(signal);
    });
  }

  /** The process's Prometheus text. */
  metricsText() {
    return fetch(`${this.internalUrl}/metrics`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text());
  }

  /** Sum of a metric's samples whose labels include every `labels` pair. */
  async metric(name, labels = {}) {
    let sum = 0;
    for (const line of (await this.metricsText()).split('\n')) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }
}
