import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../support/workspace';

/** One hand-labelled pair: a cached prompt, a later prompt, and whether the cached answer answers it. */
export interface PromptPair {
  id: string;
  cached: string;
  asked: string;
  label: 'same' | 'different';
  /** same: reword, inflection, typo-case, synonym; different: number, identifier, entity, negation, topic, direction. */
  kind: string;
}

/** Where the labelled pairs are, from the workspace root. */
export const PROMPT_PAIRS_PATH = 'libs/semantic-cache/test/fixtures/prompt-pairs.json';

/** The labelled pairs of `file` (default: the semantic cache's fixture), checked for shape. */
export function loadPromptPairs(file = join(workspaceRoot(), PROMPT_PAIRS_PATH)): PromptPair[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { pairs?: unknown };
  if (!Array.isArray(parsed.pairs)) throw new Error(`${file}: no "pairs" array`);
  return parsed.pairs.map((pair: Partial<PromptPair>, index: number) => {
    const valid =
      typeof pair.id === 'string' &&
      typeof pair.cached === 'string' &&
      typeof pair.asked === 'string' &&
      (pair.label === 'same' || pair.label === 'different') &&
      typeof pair.kind === 'string';
    if (!valid) throw new Error(`${file}: pair ${index} is not {id, cached, asked, label, kind}`);
    return pair as PromptPair;
  });
}

/** The distinct cached prompts, in order of first appearance. */
export function distinctCachedPrompts(pairs: readonly PromptPair[]): string[] {
  return [...new Set(pairs.map((pair) => pair.cached))];
}
