import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceEnv } from '../config/service.env';
import type { ErrorBody } from './error-body';
import { serverLimitOptions } from './http-server-limits';

/** Paths served only on the internal port: Prometheus' scrape and the event replay feed. */
const INTERNAL_ONLY = /^\/(metrics|internal)(\/|\?|$)/;
/** Paths the internal port serves besides its own: health (probes of whatever reaches that port). */
const ALSO_INTERNAL = /^\/health(\/|\?|$)/;

const ARRIVED_INTERNALLY = Symbol('fleetcache.internal-port');

/** Whether a request came in on the internal port. */
export function arrivedOnInternalPort(request: FastifyRequest): boolean {
  return (request.raw as IncomingMessage & { [ARRIVED_INTERNALLY]?: true })[ARRIVED_INTERNALLY] === true;
}

type Settings = Pick<ServiceEnv, 'HOST' | 'INTERNAL_PORT'> & Parameters<typeof serverLimitOptions>[0];

/**
 * Splits the application over two ports: the public one serves everything but `/metrics` and `/internal/*`; the
 * internal one serves only those and `/health/*`. Both ports run the same Fastify instance (its routes, hooks and
 * filters); a request for a path of the other port is answered 404, as if the path did not exist. Call before the
 * application starts; {@link listenOnInternalPort} opens the second port.
 */
export function separateInternalRoutes(fastify: FastifyInstance): InternalPort {
  const port = new InternalPort(fastify);
  fastify.addHook('onClose', (_instance, done) => port.close(done));
  fastify.addHook('onRequest', (request, reply, done) => {
    const internal =
      (request.raw as IncomingMessage & { [ARRIVED_INTERNALLY]?: true })[ARRIVED_INTERNALLY] === true;
    const url = request.url;
    const allowed = internal ? INTERNAL_ONLY.test(url) || ALSO_INTERNAL.test(url) : !INTERNAL_ONLY.test(url);
    if (allowed) return done();
    const body: ErrorBody = {
      error: `Cannot ${request.method} ${url.split('?', 1)[0].slice(0, 100)}`,
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
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.INTERNAL_PORT, env.HOST, () => resolve());
    });
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
