import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from './error-body';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** Answers 415 to a POST/PUT/PATCH whose body is not declared as JSON (form or text bodies are never accepted). */
export function requireJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const type = request.headers['content-type'];
    if (!WITH_BODY.has(request.method) || type === undefined || JSON_TYPE.test(type)) return done();
    const body: ErrorBody = {
      error: `Content-Type must be application/json, got "${type.slice(0, 60)}"`,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      statusCode: 415,
    };
    void reply.status(415).send(body);
  });
}
