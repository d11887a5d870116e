import { EnvBool, EnvInt, TlsSetting } from '@fleetcache/core';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

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
  /** Connection pool size (k8s: pool size × most replicas × services must fit MySQL's max_connections). */
  @EnvInt() @IsInt() @Min(1) @Max(500) DB_POOL_SIZE = 20;
  /** Most requests waiting for a pooled connection; beyond it they fail at once (503) instead of queueing. */
  @EnvInt() @IsInt() @Min(1) @Max(100_000) DB_POOL_QUEUE_LIMIT = 100;
  /** Longest a read may take, waiting for a connection included, ms (past it the statement is killed). */
  @EnvInt() @IsInt() @Min(50) @Max(600_000) DB_READ_TIMEOUT_MS = 5000;
  /** Longest a write transaction may take, ms (past it the connection is cut and MySQL rolls back). */
  @EnvInt() @IsInt() @Min(50) @Max(600_000) DB_WRITE_TIMEOUT_MS = 10_000;
  /** Most database reads (cache-miss loads) in flight per process; more answer 503 with Retry-After. */
  @EnvInt() @IsInt() @Min(1) @Max(100_000) DB_MAX_CONCURRENT_READS = 64;
  /** Connect timeout in ms. */
  @EnvInt() @IsInt() @Min(100) DB_CONNECT_TIMEOUT_MS = 3000;
  /** Queries slower than this (ms) are logged as slow. */
  @EnvInt() @IsInt() @Min(1) DB_SLOW_QUERY_MS = 200;
  /** Run pending migrations when the service starts. */
  @EnvBool() @IsBoolean() DB_MIGRATIONS_RUN = true;
  /**
   * Connect over TLS. MySQL's certificate is always verified: signed by DB_TLS_CA (else a system CA) and issued to
   * DB_HOST. A certificate that fails stops the start at once (no retries).
   */
  @EnvBool() @IsBoolean() DB_TLS = false;
  /** PEM file of the CA that signed MySQL's certificate (DB_TLS); unset: the system CAs. */
  @IsOptional() @TlsSetting({ flag: 'DB_TLS', file: true }) DB_TLS_CA?: string = undefined;
  /** PEM file of a client certificate to present (DB_TLS; with DB_TLS_KEY), for accounts that REQUIRE X509. */
  @IsOptional() @TlsSetting({ flag: 'DB_TLS', file: true, partner: 'DB_TLS_KEY' }) DB_TLS_CERT?: string =
    undefined;
  /** PEM file of the client certificate's private key (DB_TLS; with DB_TLS_CERT). */
  @IsOptional() @TlsSetting({ flag: 'DB_TLS', file: true, partner: 'DB_TLS_CERT' }) DB_TLS_KEY?: string =
    undefined;
}
