import { normalizePrompt } from '@fleetcache/semantic-cache';
import { progress } from '../support/progress';
import { INTENTS } from './intents';
import { compareModes, summarizeMode, type ModeSummary } from './mode-summary';
import { runMode, type CacheMode } from './mode-run';
import { checkIntents } from './workload-check';
import { buildWorkload, NEW_INTENT_SHARE, variantCounts } from './workload';

/** Options of the `e2e` command. */
export interface E2eOptions {
  /** The stand-in model's delay per call, ms. */
  delayMs: number;
  requests: number;
  /** Chats sending in parallel (one message each per wave). */
  chats: number;
  modes: CacheMode[];
  seed: number;
  /** Pins the service to this CPU (taskset), away from this process; unset: not pinned. */
  serviceCpu?: number;
  /** The environment the service inherits (PATH, NODE_OPTIONS…), under the benchmark's own settings. */
  env: NodeJS.ProcessEnv;
}

/**
 * The assistant-service end to end, once per cache mode (off, exact, semantic) on the same workload: model calls,
 * answers from the cache and client-measured latency, compared.
 */
export async function e2eCommand(options: E2eOptions): Promise<Record<string, unknown>> {
  const check = checkIntents(INTENTS);
  if (check.crossIntentMatches.length > 0)
    progress(`e2e: intents close to each other: ${JSON.stringify(check.crossIntentMatches)}`);
  const workload = buildWorkload(check.usable, options.requests, options.chats, options.seed);
  const modes: Partial<Record<CacheMode, ModeSummary>> = {};
  for (const mode of options.modes) {
    modes[mode] = summarizeMode(await runMode(mode, workload, options));
    progress(
      `e2e: ${mode}: ${modes[mode]?.modelCalls} model calls of ${workload.length}, p50 ${modes[mode]?.latencyMs.p50} ms`,
    );
  }
  const { usable: _usable, ...intentCheck } = check;
  return {
    command: 'e2e',
    delayMs: options.delayMs,
    requests: workload.length,
    chats: options.chats,
    serviceCpu: options.serviceCpu ?? null,
    workload: {
      newIntentShare: NEW_INTENT_SHARE,
      variants: variantCounts(workload),
      intents: new Set(workload.map((request) => request.intent)).size,
      // What an exact-match cache must send to the model at least once each, and the semantic cache (intents).
      distinctPrompts: new Set(workload.map((request) => normalizePrompt(request.prompt))).size,
      seed: options.seed,
    },
    intentCheck,
    modes,
    comparisons: compareModes(modes),
  };
}
