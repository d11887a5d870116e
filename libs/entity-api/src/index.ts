export { CachedEntityService, type FoundResult } from './service/cached-entity.service';
export type { EntityApiDefinition } from './service/entity-definition';
export { readResponse, batchResponse } from './http/entity-responses';
export {
  etagOf,
  isNotModified,
  parseIfMatch,
  MAX_IF_MATCH_TAGS,
  MAX_IF_MATCH_LENGTH,
} from './http/validators';
export { databaseErrorBody } from './http/database-error-body';
export {
  ServiceAppModule,
  withOutbox,
  validateServiceEnv,
  serviceEnvSchemas,
  type ServiceAppDefinition,
} from './app/service-app.module';
export { runServiceMain, ENTITY_SERVICE_EDGE, type ServiceMain } from './app/service-main';
export { DatabaseHealthIndicator } from './health/database-health.indicator';
export { entityController, type EntityRoutes } from './http/entity-controller';
export { entityResponseModels, type EntityResponseModels } from './http/entity-response-models';
