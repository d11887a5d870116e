import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { listenOnBothPorts } from '@fleetcache/platform';
import { createMonitorApp, type AlarmStatus } from '../src/index';

/** A started cache-monitor and where it listens. */
export interface RunningMonitor {
  app: NestFastifyApplication;
  internalUrl: string;
  alarm(name: string): Promise<AlarmStatus>;
  close(): Promise<void>;
}

/** Starts the real cache-monitor app on free ports with `env` (short periods for tests). */
export async function startMonitor(env: Record<string, string>): Promise<RunningMonitor> {
  const app = await createMonitorApp({
    PORT: '0',
    INTERNAL_PORT: '0',
    LOG_LEVEL: 'silent',
    MONITOR_SAMPLE_TIMEOUT_MS: '300',
    MONITOR_HISTORY_POINTS: '5000', // the default alarms' 5-minute windows at test periods
    MONITOR_SCRAPE_TARGETS: 'none=http://127.0.0.1:9/metrics',
    ...env,
  });
  const { internalUrl } = await listenOnBothPorts(app);
  return {
    app,
    internalUrl,
    alarm: async (name) => {
      const { alarms } = (await (await fetch(`${internalUrl}/alarms`)).json()) as { alarms: AlarmStatus[] };
      const found = alarms.find((alarm) => alarm.name === name);
      if (!found) throw new Error(`no alarm ${name}`);
      return found;
    },
    close: () => app.close(),
  };
}

/** Polls `read` until `accept` holds, up to `timeoutMs`; resolves with the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** A webhook receiver that answers 500 to the first `failFirst` POSTs, then 204; keeps what it received. */
export class WebhookReceiver {
  readonly received: Array<Record<string, unknown>> = [];
  attempts = 0;
  private readonly server: Server;

  constructor(private readonly failFirst = 0) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(
    request: IncomingMessage,
    response: import('node:http').ServerResponse,
  ): Promise<void> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    this.attempts++;
    if (this.attempts <= this.failFirst) {
      response.writeHead(500).end();
      return;
    }
    this.received.push(JSON.parse(body) as Record<string, unknown>);
    response.writeHead(204).end();
  }
}
