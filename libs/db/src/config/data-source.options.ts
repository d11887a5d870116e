import { readFileSync } from 'node:fs';
import type { SslOptions } from 'mysql2';
import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { QueryCounterLogger } from '../logging/query-counter.logger';
import type { DbEnv } from './db.env';

/** What a service contributes to its data source: its entities, migrations and migrations table. */
export interface ServiceSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Each service keeps its own migrations table, so services can share one database. */
  migrationsTableName: string;
  /** Tables whose statements the query counter counts as a kind of their own (`event_outbox` → `outbox`). */
  statementKinds?: Readonly<Record<string, string>>;
}

/** The data source's options, and whether a failed first connection is worth retrying (Nest's TypeOrmModule). */
export type ServiceDataSourceOptions = DataSourceOptions & { toRetry: (error: unknown) => boolean };

/**
 * TypeORM options for MySQL 8 / MariaDB from validated env. Never `synchronize`: the schema comes from
 * hand-written migrations. Every statement goes through the counting logger. With DB_TLS the connection is
 * encrypted and MySQL's certificate verified (see {@link dbTlsOptions}).
 */
export function dataSourceOptions(env: DbEnv, schema: ServiceSchema): ServiceDataSourceOptions {
  return {
    type: 'mysql',
    host: env.DB_HOST,
    port: env.DB_PORT,
    username: env.DB_USER,
    password: env.DB_PASSWORD,
    database: env.DB_NAME,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    connectTimeout: env.DB_CONNECT_TIMEOUT_MS,
    ssl: env.DB_TLS ? dbTlsOptions(env) : undefined,
    toRetry: worthRetrying,
    poolSize: env.DB_POOL_SIZE,
    extra: { queueLimit: env.DB_POOL_QUEUE_LIMIT },
    synchronize: false,
    migrationsRun: env.DB_MIGRATIONS_RUN,
    migrationsTransactionMode: 'each',
    maxQueryExecutionTime: env.DB_SLOW_QUERY_MS,
    logging: ['query', 'error', 'warn', 'migration'],
    logger: new QueryCounterLogger(schema.statementKinds),
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: schema.migrationsTableName,
  };
}

/**
 * mysql2's TLS options: the server's certificate must chain to DB_TLS_CA (else to a system CA) and name DB_HOST;
 * DB_TLS_CERT/DB_TLS_KEY add a client certificate. The files were checked readable when the env was validated.
 */
export function dbTlsOptions(env: DbEnv): SslOptions {
  const pem = (path: string | undefined) => (path ? readFileSync(path, 'utf8') : undefined);
  return {
    ca: pem(env.DB_TLS_CA),
    cert: pem(env.DB_TLS_CERT),
    key: pem(env.DB_TLS_KEY),
    rejectUnauthorized: true,
    verifyIdentity: true,
  };
}

/** Node's codes of a certificate that failed verification, and mysql2's for a server without TLS. */
const TLS_REFUSED =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|ERR_TLS_CERT_|HANDSHAKE_NO_SSL_SUPPORT$)/;

/**
 * A first connection that failed on TLS certificates is not retried: waiting does not change a certificate. (mysql2
 * reports a refused certificate as HANDSHAKE_SSL_ERROR with Node's message, e.g. "self-signed certificate in
 * certificate chain"; other handshake failures, such as a reset connection, are retried.)
 */
export function worthRetrying(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string') return true;
  if (TLS_REFUSED.test(code)) return false;
  return !(code === 'HANDSHAKE_SSL_ERROR' && /certificate/i.test(String(message)));
}
