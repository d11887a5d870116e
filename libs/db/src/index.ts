export { DbEnv } from './config/db.env';
export { dataSourceOptions, type ServiceSchema } from './config/data-source.options';
export { QueryCounterLogger } from './logging/query-counter.logger';
export { isDuplicateKeyError, isConnectionError, isValueOutOfRangeError } from './errors/db-errors';
export {
  VersionedRepository,
  type VersionedRow,
  type VersionedErrors,
} from './repository/versioned.repository';
export { VersionedColumns } from './repository/versioned-columns';
