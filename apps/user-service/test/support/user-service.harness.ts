import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@fleetcache/platform';
import { AppModule } from '../../src/app/app.module';

/** Internal token of test instances. */
export const TEST_INTERNAL_TOKEN = 'test-internal-token-0123456789';

/** Environment of a test instance: the local stack, the test database, a key prefix of its own. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DB_NAME: 'fleetcache_test',
    REDIS_MODE: 'cluster',
    REDIS_NODES: '127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002',
    CACHE_KEY_PREFIX: `t${process.pid}${Date.now() % 1e6}`,
    INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
    ...overrides,
  };
}

/** A user-service instance listening on a free loopback port. */
export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts user-service in this process over real HTTP. */
export async function startUserService(overrides: Record<string, string> = {}): Promise<RunningService> {
  const env = testEnv(overrides);
  const app = await createHttpApp(AppModule.forRoot(env), {
    title: 'user-service (test)',
    description: 'test',
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, env, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
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

let counter = 0;
/** A unique email for this test run. */
export function uniqueEmail(tag = 'u'): string {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now()}-${counter}@example.com`;
}

/** Reads one counter of the service's /metrics (summing label sets that match `labels`). */
export async function metric(
  url: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((w) => line.includes(w)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
