import type { FastifyInstance, FastifyRequest } from 'fastify';

const started = new WeakMap<object, number>();

/** Records when each request arrived and answers with `X-Response-Time: <ms>ms`. */
export function installResponseTime(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    started.set(request.raw, performance.now());
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header('X-Response-Time', `${elapsedMs(request)}ms`);
    done(null, payload);
  });
}

/** Milliseconds since the request arrived, rounded to 0.01 ms. */
export function elapsedMs(request: FastifyRequest): number {
  const start = started.get(request.raw) ?? performance.now();
  return Math.round((performance.now() - start) * 100) / 100;
}
