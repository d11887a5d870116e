import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from './error-body';

interface RoutePattern {
  method: string;
  pattern: RegExp;
}

/**
 * Answers 405 with `Allow` when a path exists but not for the request's method (Fastify's router says 404), and
 * 204 with `Allow` to an OPTIONS request for such a path. Routes are recorded as they are registered; the check
 * runs only for requests that matched no route, so served requests pay nothing.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const routes: RoutePattern[] = [];
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const pattern = patternOf(route.url ?? route.path ?? '');
    for (const method of methods) routes.push({ method: method.toUpperCase(), pattern });
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?', 1)[0];
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length === 0) return done();
    const allow = [...allowed, 'OPTIONS'].sort().join(', ');
    if (request.method === 'OPTIONS') return void reply.status(204).header('allow', allow).send();
    const body: ErrorBody = {
      error: `Method ${request.method} is not allowed on ${path.slice(0, 100)}; allowed: ${allow}`,
      code: 'METHOD_NOT_ALLOWED',
      statusCode: 405,
    };
    void reply.status(405).header('allow', allow).send(body);
  });
}

/** A route path such as `/users/:id` as an anchored expression (a parameter is one non-empty segment). */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) =>
      segment.startsWith(':')
        ? '[^/]+'
        : segment === '*'
          ? '.*'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}
