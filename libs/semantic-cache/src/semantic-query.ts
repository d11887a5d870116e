import type { PromptSignature } from './prompt/prompt-signature';
import type { AnswerOrigin, CacheScope } from './scope/cache-scope';
import type { TenantCachePolicy } from './semantic-cache.settings';
import type { StoredEntry } from './store/semantic-entry';

/** A prompt to answer from the cache: its text, who asks, and what would answer it. */
export interface SemanticQuery {
  prompt: string;
  scope: CacheScope;
  model: string;
  params: AnswerOrigin['params'];
  /** What invalidates the answer once stored, e.g. `product:42`. */
  tags?: readonly string[];
}

/** A query normalized, placed in its partition and embedded. */
export interface PreparedQuery extends SemanticQuery {
  origin: AnswerOrigin;
  normalized: string;
  policy: Required<TenantCachePolicy>;
  /** Whether similar prompts may answer it (else exact only); its vector is all zeros then, and never indexed. */
  semantic: boolean;
  vector: Float32Array;
  signature: PromptSignature;
  signatureHash: string;
  partition: string;
  entryId: string;
}

/** An answer found in the cache. */
export interface CacheHit {
  /** `exact`: the same normalized prompt; `semantic`: a similar one that passed every guard. */
  match: 'exact' | 'semantic';
  similarity: number;
  entry: StoredEntry;
  /** The entry's reference, `<partition>.<entry>` (DELETE /cache/entries/:reference). */
  reference: string;
}
