import { EnvBool, EnvInt } from '@fleetcache/core';
import { IsBoolean, IsIn, IsInt, IsString, Max, Min, MinLength, ValidateBy } from 'class-validator';

/** The internal port is a port of its own (0, a free port chosen at start, is always one). */
const DiffersFromPort = () =>
  ValidateBy({
    name: 'differsFromPort',
    validator: {
      validate: (value, args) => value === 0 || value !== (args?.object as { PORT?: unknown }).PORT,
      defaultMessage: () =>
        'INTERNAL_PORT must differ from PORT (the internal routes have a port of their own)',
    },
  });

/** Environment schema shared by every HTTP service (validated once at start). */
export class ServiceEnv {
  /** Public port: the API, health, docs (each service sets its own default). */
  @EnvInt() @IsInt() @Min(0) @Max(65535) PORT = 3000;
  /** Internal port: /metrics, /internal/* and health; reached only by Prometheus and the cache-warmer. */
  @EnvInt() @IsInt() @Min(0) @Max(65535) @DiffersFromPort() INTERNAL_PORT = 9000;
  /** Address to bind both ports; 0.0.0.0 in containers. */
  @IsString() @MinLength(1) HOST = '127.0.0.1';
  /** Log level: fatal, error, warn, info, debug, trace. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /** Human-readable logs (development) instead of JSON lines. */
  @EnvBool() @IsBoolean() LOG_PRETTY = false;
  /** Log one line per HTTP request (health and metrics excluded). */
  @EnvBool() @IsBoolean() LOG_REQUESTS = false;
  /** Whether /health/ready fails when Redis is unreachable (default: no, the services fail open). */
  @EnvBool() @IsBoolean() READY_REQUIRES_REDIS = false;
  /** On SIGTERM, how long readiness fails while requests are still served, before the HTTP server closes, ms. */
  @EnvInt() @IsInt() @Min(0) @Max(120_000) SHUTDOWN_DRAIN_MS = 0;
  /** Longest a request may take to arrive in full (headers and body); the socket is closed after it, ms. */
  @EnvInt() @IsInt() @Min(100) @Max(600_000) HTTP_REQUEST_TIMEOUT_MS = 10_000;
  /** Longest the request headers may take to arrive, ms (at most HTTP_REQUEST_TIMEOUT_MS). */
  @EnvInt() @IsInt() @Min(100) @Max(600_000) HTTP_HEADERS_TIMEOUT_MS = 5_000;
  /** How long an idle keep-alive connection stays open, ms; keep it above a load balancer's idle timeout. */
  @EnvInt() @IsInt() @Min(100) @Max(600_000) HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;
  /** Requests one connection may carry before it is closed (spreads clients over instances); 0 = no limit. */
  @EnvInt() @IsInt() @Min(0) @Max(1_000_000) HTTP_MAX_REQUESTS_PER_SOCKET = 1000;
  /** Proxies in front whose X-Forwarded-For is trusted for the client address (rate limits); 0 = none. */
  @EnvInt() @IsInt() @Min(0) @Max(10) HTTP_TRUSTED_PROXY_HOPS = 0;
  /** Serve the OpenAPI document and UI at /docs on the public port. */
  @EnvBool() @IsBoolean() DOCS_ENABLED = true;
}
