import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { clusterSeeds } from '../support/bench-redis';
import { workspaceRoot } from '../support/workspace';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free loopback port (bound, read, released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The built assistant-service (dist/apps/assistant-service/main.js) as a child process on free ports. */
export class AssistantProcess {
  private child?: ChildProcess;
  private readonly output: string[] = [];

  private constructor(
    readonly url: string,
    readonly internalUrl: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly cpu?: number,
  ) {}

  /**
   * Starts the service with `settings` over `inherited` (this process's environment) and the local stack's, pinned
   * to `cpu` when given (taskset execs node, so the pid stays node's), and waits until it is ready.
   */
  static async start(
    inherited: NodeJS.ProcessEnv,
    settings: Record<string, string>,
    cpu?: number,
  ): Promise<AssistantProcess> {
    const [port, internalPort] = [await freePort(), await freePort()];
    const env = {
      ...inherited,
      HOST: '127.0.0.1',
      PORT: String(port),
      INTERNAL_PORT: String(internalPort),
      LOG_LEVEL: 'warn',
      REDIS_MODE: 'cluster',
      REDIS_NODES: clusterSeeds()
        .map((node) => `${node.host}:${node.port}`)
        .join(','),
      INTERNAL_TOKEN: `semantic-bench-${randomBytes(12).toString('hex')}`,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      SESSION_COOKIE_SECURE: 'false',
      RATE_LIMIT_ENABLED: 'false',
      ...settings,
    };
    const service = new AssistantProcess(
      `http://127.0.0.1:${port}`,
      `http://127.0.0.1:${internalPort}`,
      env,
      cpu,
    );
    await service.launch();
    return service;
  }

  private async launch(): Promise<void> {
    const main = join(workspaceRoot(), 'dist/apps/assistant-service/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: npx nx run assistant-service:build`);
    const [command, args] =
      this.cpu === undefined
        ? [process.execPath, [main]]
        : ['taskset', ['-c', String(this.cpu), process.execPath, main]];
    const child = spawn(command, args, {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => this.output.push(String(chunk)) > 100 && this.output.shift();
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    for (let attempt = 0; attempt < 300; attempt++) {
      if (await this.ready()) return;
      if (child.exitCode !== null) break;
      await sleep(100);
    }
    await this.stop();
    throw new Error(`assistant-service did not become ready:\n${this.output.join('').slice(-3000)}`);
  }

  private ready(): Promise<boolean> {
    return fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
  }

  /** Sum of a metric's samples on the internal port's /metrics. */
  async metric(name: string): Promise<number> {
    const text = await (await fetch(`${this.internalUrl}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
