import { EnvBool, EnvInt } from '@fleetcache/core';
import { IsBoolean, IsIn, IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** Environment schema shared by every HTTP service (validated once at start). */
export class ServiceEnv {
  /** Port to listen on (each service sets its own default). */
  @EnvInt() @IsInt() @Min(0) @Max(65535) PORT = 3000;
  /** Address to bind; 0.0.0.0 in containers. */
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
}
