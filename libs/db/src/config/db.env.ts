import { EnvBool, EnvInt } from '@fleetcache/core';
import { IsBoolean, IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** Environment schema of the MySQL connection (validated once at start). */
export class DbEnv {
  /** MySQL/MariaDB host. */
  @IsString() @MinLength(1) DB_HOST = '127.0.0.1';
  /** MySQL/MariaDB port (the local stack uses 3307). */
  @EnvInt() @IsInt() @Min(1) @Max(65535) DB_PORT = 3307;
  /** Database user. */
  @IsString() @MinLength(1) DB_USER = 'fleetcache';
  /** Database password. */
  @IsString() DB_PASSWORD = 'fleetcache';
  /** Database (schema) name. */
  @IsString() @MinLength(1) DB_NAME = 'fleetcache';
  /** Connection pool size. */
  @EnvInt() @IsInt() @Min(1) @Max(500) DB_POOL_SIZE = 20;
  /** Connect timeout in ms. */
  @EnvInt() @IsInt() @Min(100) DB_CONNECT_TIMEOUT_MS = 3000;
  /** Queries slower than this (ms) are logged as slow. */
  @EnvInt() @IsInt() @Min(1) DB_SLOW_QUERY_MS = 200;
  /** Run pending migrations when the service starts. */
  @EnvBool() @IsBoolean() DB_MIGRATIONS_RUN = true;
}
