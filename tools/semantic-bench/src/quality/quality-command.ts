import type { PromptPair } from './prompt-pairs';
import { distinctCachedPrompts, loadPromptPairs } from './prompt-pairs';
import { confusionReport, type ConfusionReport } from './confusion';
import { cacheOutcomes } from './quality-run';
import { openQualityEmbedder, type QualityEmbedderName } from './quality-embedders';
import { thresholdOnlyOutcomes } from './threshold-only';
import { progress } from '../support/progress';
import { round } from '../support/stats';

/** Options of the `quality` command. */
export interface QualityOptions {
  embedders: QualityEmbedderName[];
  /** Overrides each embedder's default threshold. */
  threshold?: number;
}

/** The figures of one embedder: with every guard (the real cache), and with the threshold alone. */
export interface EmbedderQuality {
  embedder: string;
  embedderId: string;
  description: string;
  threshold: number;
  thresholdIsDefault: boolean;
  withGuards: ConfusionReport;
  thresholdOnly: ConfusionReport;
  durationMs: number;
}

/** Precision and recall of the semantic cache on the labelled pairs, per embedder. */
export async function qualityCommand(options: QualityOptions): Promise<Record<string, unknown>> {
  const pairs = loadPromptPairs();
  const results: EmbedderQuality[] = [];
  for (const name of options.embedders) results.push(await measureEmbedder(name, pairs, options.threshold));
  return {
    command: 'quality',
    dataset: datasetFacts(pairs),
    counting:
      'TP: a same-labelled pair answered with its own cached prompt; FP: any other hit (a different-labelled pair ' +
      'answered, or a same-labelled pair answered by another cached prompt); FN: a same-labelled pair missed. ' +
      'precision = TP/(TP+FP), recall = TP/(TP+FN)',
    embedders: results,
  };
}

async function measureEmbedder(
  name: QualityEmbedderName,
  pairs: readonly PromptPair[],
  threshold: number | undefined,
): Promise<EmbedderQuality> {
  const started = performance.now();
  const opened = await openQualityEmbedder(name);
  try {
    const used = threshold ?? opened.embedder.defaultThreshold;
    progress(`quality: ${name} (${opened.embedder.id}) at threshold ${used}, ${pairs.length} pairs`);
    const withGuards = confusionReport(await cacheOutcomes(pairs, opened.embedder, used), used);
    const thresholdOnly = confusionReport(await thresholdOnlyOutcomes(pairs, opened.embedder, used), used);
    progress(`quality: ${name} precision ${withGuards.precision}, recall ${withGuards.recall}`);
    return {
      embedder: name,
      embedderId: opened.embedder.id,
      description: opened.description,
      threshold: used,
      thresholdIsDefault: threshold === undefined,
      withGuards,
      thresholdOnly,
      durationMs: round(performance.now() - started, 0),
    };
  } finally {
    await opened.close();
  }
}

function datasetFacts(pairs: readonly PromptPair[]): Record<string, unknown> {
  const kinds: Record<string, number> = {};
  for (const pair of pairs)
    kinds[`${pair.label}:${pair.kind}`] = (kinds[`${pair.label}:${pair.kind}`] ?? 0) + 1;
  return {
    file: 'libs/semantic-cache/test/fixtures/prompt-pairs.json',
    pairs: pairs.length,
    same: pairs.filter((pair) => pair.label === 'same').length,
    different: pairs.filter((pair) => pair.label === 'different').length,
    cachedPrompts: distinctCachedPrompts(pairs).length,
    kinds,
  };
}
