import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import type { ServiceEnv } from '../config/service.env';
import { ServingState } from '../health/serving-state';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Longest wait for the requests in flight when the HTTP server closes; then their connections are cut. */
const HTTP_CLOSE_LIMIT_MS = 10_000;

/**
 * The shutdown order, on the first SIGTERM or SIGINT:
 * 1. readiness fails (draining) while requests are still served, for `SHUTDOWN_DRAIN_MS`, so that the load
 *    balancer takes the instance out before it stops listening;
 * 2. the HTTP server closes and waits for the requests in flight: nothing new can change state after this;
 * 3. Nest's hooks run: `beforeApplicationShutdown` does the last work that needs the connections (flush the view
 *    counts, publish what the outbox relay holds, one last try at pending cache write repairs);
 * 4. `onApplicationShutdown` closes the connections.
 * Then the process exits with the signal, as Nest's own shutdown hooks do.
 */
export function shutDownOnSignals(app: NestFastifyApplication): void {
  const logger = app.get(Logger);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    SIGNALS.forEach((s) => process.removeListener(s, onSignal));
    void (async () => {
      logger.log({ msg: 'shutting down', signal }, 'Shutdown');
      await drainAndClose(app);
      process.kill(process.pid, signal);
    })().catch((error: unknown) => {
      logger.error({ msg: 'shutdown failed', err: String(error) }, 'Shutdown');
      process.exit(1);
    });
  };
  SIGNALS.forEach((s) => process.on(s, onSignal));
}

/** Steps 1-4 of {@link shutDownOnSignals}: drain, close HTTP, then the application (its hooks, its connections). */
export async function drainAndClose(app: NestFastifyApplication): Promise<void> {
  app.get(ServingState).startDraining();
  await sleep(app.get(ConfigService<ServiceEnv, true>).get('SHUTDOWN_DRAIN_MS', { infer: true }));
  await closeHttp(app);
  await app.close();
}

/**
 * Stops listening and waits for the requests in flight. A keep-alive connection becomes idle when its request ends
 * and would otherwise keep the server open until its keep-alive timeout (72 s): idle ones are closed as they
 * appear, and whatever is left after {@link HTTP_CLOSE_LIMIT_MS} is cut.
 */
export async function closeHttp(app: NestFastifyApplication): Promise<void> {
  const server = app.getHttpServer();
  const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
  const cutAll = setTimeout(() => server.closeAllConnections(), HTTP_CLOSE_LIMIT_MS);
  try {
    await app.getHttpAdapter().close();
  } finally {
    clearInterval(closeIdle);
    clearTimeout(cutAll);
  }
}
