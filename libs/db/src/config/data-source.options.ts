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
}

/**
 * TypeORM options for MySQL 8 / MariaDB from validated env. Never `synchronize`: the schema comes from
 * hand-written migrations. Every statement goes through the counting logger.
 */
export function dataSourceOptions(env: DbEnv, schema: ServiceSchema): DataSourceOptions {
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
    poolSize: env.DB_POOL_SIZE,
    extra: { queueLimit: env.DB_POOL_QUEUE_LIMIT },
    synchronize: false,
    migrationsRun: env.DB_MIGRATIONS_RUN,
    migrationsTransactionMode: 'each',
    maxQueryExecutionTime: env.DB_SLOW_QUERY_MS,
    logging: ['query', 'error', 'warn', 'migration'],
    logger: new QueryCounterLogger(),
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: schema.migrationsTableName,
  };
}
