export { SemanticCache, type SemanticCacheDeps } from './semantic-cache';
export type { SemanticQuery, PreparedQuery, CacheHit } from './semantic-query';
export {
  DEFAULT_SEMANTIC_CACHE_SETTINGS,
  tenantPolicy,
  type SemanticCacheSettings,
  type SemanticCacheMode,
  type TenantCachePolicy,
} from './semantic-cache.settings';
export {
  AnswerCoordinator,
  AnswerWaitExceededError,
  type Answered,
  type Produced,
} from './lease/answer-coordinator';
export { SemanticCacheMetrics, type RejectReason, type LookupResult } from './metrics/semantic-cache-metrics';
export { normalizePrompt } from './prompt/normalize-prompt';
export {
  promptSignature,
  signatureConflict,
  type PromptSignature,
  type SignatureConflict,
} from './prompt/prompt-signature';
export { partitionOf, entryIdOf, type CacheScope, type AnswerOrigin } from './scope/cache-scope';
export { SemanticKeys } from './keys/semantic-keys';
export { PartitionIndexes, type IndexKind, type Candidate } from './index/partition-indexes';
export { ExactIndex } from './index/exact-index';
export { HnswIndex, HNSW_SETTINGS } from './index/hnsw-index';
export type { VectorIndex, Neighbour } from './index/vector-index';
export type { SemanticEntry, StoredEntry } from './store/semantic-entry';
export { type Embedder, EmbedderError } from './embed/embedder';
export { createEmbedder, type EmbedderSettings } from './embed/create-embedder';
export * from './embed/embedders';
