export { CachedEntityService, type FoundResult } from './service/cached-entity.service';
export type { EntityDefinition } from './service/entity-definition';
export { readResponse, batchResponse } from './http/entity-responses';
export {
  etagOf,
  isNotModified,
  parseIfMatch,
  MAX_IF_MATCH_TAGS,
  MAX_IF_MATCH_LENGTH,
} from './http/validators';
