import { createHash } from 'node:crypto';

/**
 * Who may share an answer. A cached answer serves only prompts of the same tenant, and of the same user or chat
 * session when the scope names them (the assistant scopes a prompt to its session when the answer depends on the
 * conversation's memory).
 */
export interface CacheScope {
  tenant: string;
  user?: string;
  session?: string;
}

/** What produced an answer: the embedder that placed it, the model and the generation parameters. */
export interface AnswerOrigin {
  embedderId: string;
  model: string;
  /** Generation parameters, e.g. `{ temperature: 0, maxTokens: 512 }`: any difference is another partition. */
  params: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The partition of a scope and an origin: entries of one partition can answer each other's prompts, entries of two
 * partitions never. 22 url-safe characters of a SHA-256 over the canonical form (parameter names sorted).
 */
export function partitionOf(scope: CacheScope, origin: AnswerOrigin): string {
  const params = Object.keys(origin.params)
    .sort()
    .map((name) => [name, origin.params[name]]);
  const canonical = JSON.stringify([
    origin.embedderId,
    origin.model,
    params,
    scope.tenant,
    scope.user ?? null,
    scope.session ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/** The id of a prompt's entry in its partition: a hash of its normalized text, so an exact repeat finds it by key. */
export function entryIdOf(normalizedPrompt: string): string {
  return createHash('sha256').update(normalizedPrompt).digest('base64url').slice(0, 22);
}
