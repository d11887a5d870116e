import { createServer, type AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { listenOnBothPorts } from './http/create-http-app';

/** Internal token of test instances. */
export const TEST_INTERNAL_TOKEN = 'test-internal-token-0123456789';

/** Environment of a test instance: the local stack, the test database, a key prefix of its own. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    INTERNAL_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DB_NAME: 'fleetcache_test',
    REDIS_MODE: 'cluster',
    REDIS_NODES: '127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002',
    CACHE_KEY_PREFIX: `t${process.pid}${Date.now() % 1e6}`,
    EVENTS_CHANNEL_PREFIX: `t${process.pid}${Date.now() % 1e6}`,
    INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
    // Every test client is one address; the rate-limit tests turn limits on for their own instances.
    RATE_LIMIT_ENABLED: 'false',
    ...overrides,
  };
}

/** An application listening on free loopback ports. */
export interface RunningService {
  app: NestFastifyApplication;
  /** Base URL of the public port (the API). */
  url: string;
  /** Base URL of the internal port (/metrics, /internal/*). */
  internalUrl: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Listens on the ports of its config (0: free ones, as testEnv sets) and wraps the result. */
export async function listenForTest(
  app: NestFastifyApplication,
  env: Record<string, string>,
): Promise<RunningService> {
  const urls = await listenOnBothPorts(app);
  return { app, env, ...urls, close: () => app.close() };
}

/** JSON request helper: returns status, headers and parsed body. */
export async function http(
  url: string,
  init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const hasBody = init.body !== undefined || init.raw !== undefined;
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Reads one metric of a service's /metrics on its internal port (summing the label sets that match `labels`). */
export async function metric(
  internalUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  return sumMetric(await (await fetch(`${internalUrl}/metrics`)).text(), name, labels);
}

/** Sums one metric of a Prometheus text exposition over the label sets that match `labels`. */
export function sumMetric(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((w) => line.includes(w)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

let counter = 0;
/** A unique email for this test run. */
export function uniqueEmail(tag = 'u'): string {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now()}-${counter}@example.com`;
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 5000,
  everyMs = 20,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}

/** A free loopback port (for a process the test starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Memory this process holds after a full garbage collection, in MB: what a leak test compares. */
export function memoryAfterGcMb(): { rss: number; heap: number } {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20 };
}
