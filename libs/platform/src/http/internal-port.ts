import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceEnv } from '../config/service.env';
import { isHealthRoute } from '../health/health.options';
import type { ErrorBody } from './error-body';
import { serverLimitOptions } from './http-server-limits';

/**
 * Routes served only on the internal port: Prometheus' scrape, the event replay feed, and the monitor's alarm
 * states and live dashboard (its page, assets and snapshot API). Matched against the route the router chose, never
 * the raw URL: the router decodes `/%6detrics`, drops a `#fragment` and an absolute-form `http://host/metrics`, so a
 * test of the raw URL could be walked around.
 */
const INTERNAL_ONLY = /^\/(metrics|internal|alarms|dashboard)(\/|$)/;
const ARRIVED_INTERNALLY = Symbol('fleetcache.internal-port');

/** Whether a request came in on the internal port. */
export function arrivedOnInternalPort(request: FastifyRequest): boolean {
  return (request.raw as IncomingMessage & { [ARRIVED_INTERNALLY]?: true })[ARRIVED_INTERNALLY] === true;
}

type Settings = Pick<ServiceEnv, 'HOST' | 'INTERNAL_PORT' | 'HTTP_MAX_REQUESTS_PER_SOCKET'> &
  Parameters<typeof serverLimitOptions>[0];

/** Whether the router's `route` (undefined: it matched none) is served on the internal port only. */
export function isInternalOnlyRoute(route: string | undefined): boolean {
  return route !== undefined && INTERNAL_ONLY.test(route);
}

/**
 * Splits the application over two ports: the public one serves every route but `/metrics`, `/internal/*`,
 * `/alarms` and `/dashboard/*`; the internal one serves only those and `/health/*`. Both ports run the same Fastify
 * instance (its routes, hooks and filters); a request for a path of the other port is answered 404, as if the path
 * did not exist. Call before the application starts; {@link listenOnInternalPort} opens the second port.
 */
export function separateInternalRoutes(fastify: FastifyInstance): InternalPort {
  const port = new InternalPort(fastify);
  fastify.addHook('onClose', (_instance, done) => port.close(done));
  fastify.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url; // undefined when no route matched (a 404 on either port)
    const internalRoute = isInternalOnlyRoute(route);
    const allowed = arrivedOnInternalPort(request) ? internalRoute || isHealthRoute(route) : !internalRoute;
    if (allowed) return done();
    const body: ErrorBody = {
      error: `Cannot ${request.method} ${request.url.split('?', 1)[0].slice(0, 100)}`,
      code: 'NOT_FOUND',
      statusCode: 404,
    };
    void reply.status(404).send(body);
  });
  return port;
}

/** The second server of {@link separateInternalRoutes}; it closes with Fastify. */
export class InternalPort {
  private server?: Server;

  constructor(private readonly fastify: FastifyInstance) {}

  /** Opens the internal port on HOST:INTERNAL_PORT; resolves to the bound port. */
  async listen(env: Settings): Promise<number> {
    const server = createServer(serverLimitOptions(env), (request, response) => {
      (request as IncomingMessage & { [ARRIVED_INTERNALLY]?: true })[ARRIVED_INTERNALLY] = true;
      this.fastify.routing(request, response);
    });
    server.maxRequestsPerSocket = env.HTTP_MAX_REQUESTS_PER_SOCKET || null;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.INTERNAL_PORT, env.HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // After the start, a server error (e.g. too many open files on accept) is logged; it must not end the process.
    server.on('error', (error) => this.fastify.log.error({ err: error }, 'internal port error'));
    this.server = server;
    return (server.address() as { port: number }).port;
  }

  /** Stops listening and waits for its requests (a scrape or a replay page takes milliseconds; cut after 1 s). */
  close(done: () => void): void {
    const server = this.server;
    if (!server?.listening) return done();
    server.close(() => done());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  }
}
