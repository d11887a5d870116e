import { EnvBool, EnvInt } from '@fleetcache/core';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

/** Per-client rate limits of the public port (counters in Redis Cluster, shared by every instance). */
export class RateLimitEnv {
  /** Limit requests per client; `false` turns every limit off (the benchmarks do). */
  @EnvBool() @IsBoolean() RATE_LIMIT_ENABLED = true;
  /** Length of a limit's window, ms. */
  @EnvInt() @IsInt() @Min(1000) @Max(3_600_000) RATE_LIMIT_WINDOW_MS = 60_000;
  /** Requests of any method one client may make per window. */
  @EnvInt() @IsInt() @Min(1) @Max(10_000_000) RATE_LIMIT_REQUESTS = 6000;
  /** Writes (POST, PUT, PATCH, DELETE) one client may make per window: the stricter limit. */
  @EnvInt() @IsInt() @Min(1) @Max(10_000_000) RATE_LIMIT_WRITES = 600;
}
