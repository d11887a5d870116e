import { HashingEmbedder, promptSignature, signatureConflict } from '@fleetcache/semantic-cache';
import { dot } from '../support/random';
import { round } from '../support/stats';
import type { Intent } from './intents';

/** A rewording the lexical embedder does not match with its intent's prompt (left out of the workload). */
export interface UnmatchedRewording {
  prompt: string;
  rewording: string;
  similarity: number;
  conflict?: string;
}

/** What the embedder the service runs (HashingEmbedder at its default threshold) makes of the intents. */
export interface IntentCheck {
  threshold: number;
  /** The intents with only their matchable rewordings. */
  usable: Intent[];
  rewordings: number;
  matchable: number;
  unmatched: UnmatchedRewording[];
  /** Prompts of two different intents close enough to answer each other (should be none). */
  crossIntentMatches: { a: string; b: string; similarity: number }[];
}

/** Checks every rewording against its intent's prompt, and every intent against the others. */
export function checkIntents(intents: readonly Intent[]): IntentCheck {
  const embedder = new HashingEmbedder();
  const threshold = embedder.defaultThreshold;
  const matches = (a: string, b: string) => {
    const similarity = dot(embedder.embedText(a), embedder.embedText(b));
    const conflict = signatureConflict(promptSignature(a), promptSignature(b));
    return { similarity: round(similarity), conflict, ok: similarity >= threshold && !conflict };
  };
  const unmatched: UnmatchedRewording[] = [];
  const usable = intents.map((intent) => ({
    prompt: intent.prompt,
    rewordings: intent.rewordings.filter((rewording) => {
      const { ok, similarity, conflict } = matches(intent.prompt, rewording);
      if (!ok) unmatched.push({ prompt: intent.prompt, rewording, similarity, conflict });
      return ok;
    }),
  }));
  const rewordings = intents.reduce((n, intent) => n + intent.rewordings.length, 0);
  return {
    threshold,
    usable,
    rewordings,
    matchable: rewordings - unmatched.length,
    unmatched,
    crossIntentMatches: crossMatches(intents, (a, b) => matches(a, b)),
  };
}

function crossMatches(
  intents: readonly Intent[],
  matches: (a: string, b: string) => { ok: boolean; similarity: number },
): IntentCheck['crossIntentMatches'] {
  const found: IntentCheck['crossIntentMatches'] = [];
  const variants = intents.map((intent) => [intent.prompt, ...intent.rewordings]);
  for (let x = 0; x < variants.length; x++) {
    for (let y = x + 1; y < variants.length; y++) {
      for (const a of variants[x]) {
        for (const b of variants[y]) {
          const { ok, similarity } = matches(a, b);
          if (ok) found.push({ a, b, similarity });
        }
      }
    }
  }
  return found;
}
