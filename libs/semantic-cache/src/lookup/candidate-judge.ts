import type { Candidate } from '../index/partition-indexes';
import type { RejectReason } from '../metrics/semantic-cache-metrics';
import { promptSignature, signatureConflict, type PromptSignature } from '../prompt/prompt-signature';
import type { AnswerOrigin, CacheScope } from '../scope/cache-scope';
import type { StoredEntry } from '../store/semantic-entry';

/** What the judge needs of a query. */
export interface JudgedQuery {
  signature: PromptSignature;
  scope: CacheScope;
  origin: AnswerOrigin;
  threshold: number;
  margin: number;
}

/** The judge's verdict: the entry that may answer (and its similarity), and every refusal on the way. */
export interface Verdict {
  hit?: { entry: StoredEntry; similarity: number };
  rejected: RejectReason[];
  /** Entries the index still had but Redis no longer does. */
  gone: string[];
}

/**
 * Picks the candidate that may answer a query: at or above the threshold, still stored, of the same origin and
 * scope, with the same numbers, identifiers and polarity words, and leading by `margin` every other candidate that
 * would also pass and answers differently (two different answers about equally close: neither is trusted).
 */
export async function judgeCandidates(
  query: JudgedQuery,
  candidates: readonly Candidate[],
  read: (entryId: string) => Promise<StoredEntry | undefined>,
): Promise<Verdict> {
  const verdict: Verdict = { rejected: [], gone: [] };
  const eligible = candidates.filter((c) => c.similarity >= query.threshold);
  const passing: { entry: StoredEntry; similarity: number }[] = [];
  for (const candidate of eligible) {
    if (passing.length > 0 && candidate.similarity < passing[0].similarity - query.margin) break;
    const entry = await read(candidate.entryId);
    const reason = refusal(query, entry);
    if (reason === 'gone') verdict.gone.push(candidate.entryId);
    if (reason) verdict.rejected.push(reason);
    else if (entry) passing.push({ entry, similarity: candidate.similarity });
  }
  const [best, ...others] = passing;
  if (!best) return verdict;
  if (others.some((other) => other.entry.answer !== best.entry.answer)) {
    verdict.rejected.push('margin');
    return verdict;
  }
  verdict.hit = best;
  return verdict;
}

function refusal(query: JudgedQuery, entry: StoredEntry | undefined): RejectReason | undefined {
  if (!entry) return 'gone';
  if (!sameOrigin(query, entry)) return 'origin';
  return signatureConflict(query.signature, promptSignature(entry.prompt));
}

function sameOrigin(query: JudgedQuery, entry: StoredEntry): boolean {
  const { origin, scope } = query;
  return (
    entry.embedderId === origin.embedderId &&
    entry.model === origin.model &&
    JSON.stringify(sortedParams(entry.params)) === JSON.stringify(sortedParams(origin.params)) &&
    entry.scope.tenant === scope.tenant &&
    (entry.scope.user ?? null) === (scope.user ?? null) &&
    (entry.scope.session ?? null) === (scope.session ?? null)
  );
}

function sortedParams(params: AnswerOrigin['params']): [string, unknown][] {
  return Object.keys(params)
    .sort()
    .map((name) => [name, params[name]]);
}
