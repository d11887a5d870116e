import { entryIdOf, ExactIndex, normalizePrompt, type Embedder } from '@fleetcache/semantic-cache';
import { dot } from '../support/random';
import type { PairOutcome } from './confusion';
import { distinctCachedPrompts, type PromptPair } from './prompt-pairs';

/**
 * The same lookups with the similarity threshold alone (no number, identifier or polarity guard, no margin): the
 * nearest cached prompt answers whenever it is at or above `threshold`. What the guards add is the difference.
 */
export async function thresholdOnlyOutcomes(
  pairs: readonly PromptPair[],
  embedder: Embedder,
  threshold: number,
): Promise<PairOutcome[]> {
  const cached = distinctCachedPrompts(pairs);
  const vectors = await embedder.embed(cached);
  const index = new ExactIndex(embedder.dimensions, cached.length);
  vectors.forEach((vector, label) => index.upsert(label, vector));
  const asked = await embedder.embed(pairs.map((pair) => pair.asked));
  return pairs.map((pair, i) => {
    const [nearest] = index.search(asked[i], 1);
    if (nearest && nearest.similarity >= threshold) {
      const answeredBy = cached[nearest.label];
      const ownEntry = entryIdOf(normalizePrompt(answeredBy)) === entryIdOf(normalizePrompt(pair.cached));
      return { pair, answeredBy, similarity: nearest.similarity, ownEntry };
    }
    return { pair, similarity: dot(asked[i], vectors[cached.indexOf(pair.cached)]), ownEntry: false };
  });
}
