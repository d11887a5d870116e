export { DbEnv } from './config/db.env';
export { dataSourceOptions, type ServiceSchema } from './config/data-source.options';
export { QueryCounterLogger } from './logging/query-counter.logger';
export { isDuplicateKeyError, isConnectionError } from './errors/db-errors';
