import { promptSignature, signatureConflict } from '@fleetcache/semantic-cache';
import type { PromptPair } from './prompt-pairs';
import { ratio, round } from '../support/stats';

/** What one lookup of a pair's asked prompt returned: the cached prompt that answered (if any) and how close. */
export interface PairOutcome {
  pair: PromptPair;
  /** The cached prompt whose answer was served; undefined for a miss. */
  answeredBy?: string;
  /** Similarity of the answer served (hit) or of the pair's own cached prompt (miss). */
  similarity: number;
  /** Whether the served answer is the pair's own cached prompt's. */
  ownEntry: boolean;
}

/** TP: a same pair answered by its own cached prompt; FP: any other hit; FN: a same pair missed; TN: the rest. */
export type Verdict = 'TP' | 'FP' | 'FN' | 'TN';

/** The verdict of one outcome (see {@link Verdict}). */
export function verdictOf(outcome: PairOutcome): Verdict {
  const same = outcome.pair.label === 'same';
  if (outcome.answeredBy === undefined) return same ? 'FN' : 'TN';
  return same && outcome.ownEntry ? 'TP' : 'FP';
}

/** Counts of one group of pairs. */
export interface Counts {
  pairs: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Precision and recall of a set of outcomes, per kind, with every false positive and miss named. */
export interface ConfusionReport extends Counts {
  precision: number | null;
  recall: number | null;
  /** Recall over the same pairs that are not synonyms (what a lexical embedder can match). */
  recallWithoutSynonyms: number | null;
  perKind: Record<string, Counts & { label: PromptPair['label'] }>;
  falsePositives: FalsePositive[];
  misses: Miss[];
}

/** A hit that served a wrong answer. */
export interface FalsePositive {
  id: string;
  kind: string;
  label: PromptPair['label'];
  asked: string;
  cached: string;
  answeredBy: string;
  similarity: number;
}

/** A same pair not answered from the cache, and why: below the threshold, or refused by a guard. */
export interface Miss {
  id: string;
  kind: string;
  similarity: number;
  reason: string;
}

/** The confusion counts, precision and recall of `outcomes` at `threshold`. */
export function confusionReport(outcomes: readonly PairOutcome[], threshold: number): ConfusionReport {
  const total = countOf(outcomes);
  const perKind: ConfusionReport['perKind'] = {};
  for (const kind of [...new Set(outcomes.map((o) => o.pair.kind))]) {
    const ofKind = outcomes.filter((o) => o.pair.kind === kind);
    perKind[kind] = { label: ofKind[0].pair.label, ...countOf(ofKind) };
  }
  const lexical = countOf(outcomes.filter((o) => o.pair.kind !== 'synonym'));
  return {
    ...total,
    precision: ratio(total.tp, total.tp + total.fp),
    recall: ratio(total.tp, total.tp + total.fn),
    recallWithoutSynonyms: ratio(lexical.tp, lexical.tp + lexical.fn),
    perKind,
    falsePositives: outcomes.filter((o) => verdictOf(o) === 'FP').map(falsePositive),
    misses: outcomes.filter((o) => verdictOf(o) === 'FN').map((o) => miss(o, threshold)),
  };
}

function countOf(outcomes: readonly PairOutcome[]): Counts {
  const counts: Counts = { pairs: outcomes.length, tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const outcome of outcomes) counts[verdictOf(outcome).toLowerCase() as 'tp' | 'fp' | 'fn' | 'tn']++;
  return counts;
}

function falsePositive(outcome: PairOutcome): FalsePositive {
  const { id, kind, label, asked, cached } = outcome.pair;
  return {
    id,
    kind,
    label,
    asked,
    cached,
    answeredBy: outcome.answeredBy ?? '',
    similarity: round(outcome.similarity),
  };
}

function miss(outcome: PairOutcome, threshold: number): Miss {
  const { id, kind, asked, cached } = outcome.pair;
  const conflict = signatureConflict(promptSignature(asked), promptSignature(cached));
  const reason = outcome.similarity < threshold ? 'below_threshold' : (conflict ?? 'margin_or_other');
  return { id, kind, similarity: round(outcome.similarity), reason };
}
