import type { ServerOptions } from 'node:http';
import type { ServiceEnv } from '../config/service.env';

/** How often Node checks the request and headers timeouts of open connections, ms (its default is 30 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 500;

type Limits = Pick<
  ServiceEnv,
  | 'HTTP_REQUEST_TIMEOUT_MS'
  | 'HTTP_HEADERS_TIMEOUT_MS'
  | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'
  | 'HTTP_MAX_REQUESTS_PER_SOCKET'
>;

/**
 * Node's own server limits from the validated settings: a request must arrive in full within the request timeout
 * (a body that never comes gets 408 and its socket closed), its headers within theirs, an idle keep-alive
 * connection closes after its timeout, and a connection carries at most so many requests.
 */
export function serverLimitOptions(env: Limits): ServerOptions {
  return {
    requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
    headersTimeout: Math.min(env.HTTP_HEADERS_TIMEOUT_MS, env.HTTP_REQUEST_TIMEOUT_MS),
    keepAliveTimeout: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  };
}

/** The same limits as Fastify's options (Fastify sets some of them on the server it creates, over Node's). */
export function fastifyServerLimits(env: Limits) {
  const http = serverLimitOptions(env);
  return {
    http,
    requestTimeout: http.requestTimeout,
    keepAliveTimeout: http.keepAliveTimeout,
    maxRequestsPerSocket: env.HTTP_MAX_REQUESTS_PER_SOCKET,
  };
}
