export { DbEnv } from './config/db.env';
export { dataSourceOptions, type ServiceSchema } from './config/data-source.options';
export { QueryCounterLogger } from './logging/query-counter.logger';
export {
  isDuplicateKeyError,
  isConnectionError,
  isRetryableError,
  isValueOutOfRangeError,
} from './errors/db-errors';
export {
  VersionedRepository,
  type VersionedRow,
  type VersionedErrors,
} from './repository/versioned.repository';
export { VersionedColumns } from './repository/versioned-columns';
export { BoundedDb } from './bounded/bounded-db';
export { BoundedDbModule } from './bounded/bounded-db.module';
export { dbLimitsFromEnv, DB_LIMITS, type DbLimits } from './bounded/db-limits';
