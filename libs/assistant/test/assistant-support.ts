import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenForTest, testEnv, type RunningService } from '@fleetcache/platform/testing';
import { createAssistantApp } from '../src/index';

/** Cookie-signing secret of test instances. */
export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdef';

/** Starts an assistant-service on free ports against the local stack; `env` adds to the test environment. */
export async function startAssistant(env: Record<string, string> = {}): Promise<RunningService> {
  const full = testEnv({
    SESSION_SECRET: TEST_SESSION_SECRET,
    SESSION_COOKIE_SECURE: 'false',
    ASSISTANT_STAND_IN_DELAY_MS: '150',
    ...env,
  });
  return listenForTest(await createAssistantApp(full), full);
}

/** A client that keeps the session cookie between requests, like a browser. */
export class ChatClient {
  cookie = '';

  constructor(private readonly baseUrl: string) {}

  /** Sends a JSON request; remembers a new session cookie; returns status, headers and body. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    raw?: string,
  ): Promise<{ status: number; headers: Headers; body: any }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** The same client on another instance (the cookie goes along). */
  on(baseUrl: string): ChatClient {
    const other = new ChatClient(baseUrl);
    other.cookie = this.cookie;
    return other;
  }
}

/** A stand-in for an entity service's read API: `GET /products/:id` answers the record the test set. */
export class FakeEntityService {
  readonly records = new Map<string, unknown>();
  private readonly server: Server = createServer((request, response) => {
    const id = request.url?.split('/').pop() ?? '';
    const record = this.records.get(id);
    response.writeHead(record ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(record ?? { error: 'not found' }));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/products`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
