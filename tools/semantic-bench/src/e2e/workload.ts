import { seededRandom, shuffleInPlace, type Random } from '../support/random';
import type { Intent } from './intents';

/** How a request relates to the intents before it. */
export type Variant = 'new' | 'exact' | 'reworded';

/** One message of the workload: which chat lane sends it, in which wave, and what it asks. */
export interface WorkloadRequest {
  index: number;
  wave: number;
  lane: number;
  intent: number;
  variant: Variant;
  prompt: string;
}

/** Share of requests that ask an intent for the first time; the rest repeat one asked before. */
export const NEW_INTENT_SHARE = 0.4;

/**
 * `requests` messages in waves of `lanes` (the lanes' chats send one message each per wave, in parallel). 40% ask a
 * new intent (the whole first wave among them); the others repeat an intent first asked in an earlier wave, as an
 * exact repeat (half of them: the same text, or only its case and closing punctuation changed: the same key) or
 * as one of its rewordings. No intent is asked twice in one wave, so no request waits on another's model call.
 */
export function buildWorkload(
  intents: readonly Intent[],
  requests: number,
  lanes: number,
  seed: number,
): WorkloadRequest[] {
  const random = seededRandom(seed);
  const isNew = newPositions(requests, lanes, random);
  const asked: number[] = [];
  const workload: WorkloadRequest[] = [];
  for (let index = 0; index < requests; index++) {
    const wave = Math.floor(index / lanes);
    const inWave = new Set(workload.filter((r) => r.wave === wave).map((r) => r.intent));
    const earlier = asked.filter((intent) => !inWave.has(intent) && firstWave(workload, intent) < wave);
    const fresh = isNew[index] || earlier.length === 0;
    if (fresh && asked.length >= intents.length)
      throw new Error(`the workload needs more than ${intents.length} intents`);
    const intent = fresh ? asked.length : earlier[Math.floor(random() * earlier.length)];
    if (fresh) asked.push(intent);
    const { variant, prompt } = fresh
      ? { variant: 'new' as const, prompt: intents[intent].prompt }
      : repeat(intents[intent], random);
    workload.push({ index, wave, lane: index % lanes, intent, variant, prompt });
  }
  return workload;
}

function newPositions(requests: number, lanes: number, random: Random): boolean[] {
  const wanted = Math.round(requests * NEW_INTENT_SHARE);
  const first = Math.min(lanes, requests);
  const rest = shuffleInPlace(
    Array.from({ length: requests - first }, (_, i) => i + first),
    random,
  ).slice(0, Math.max(0, wanted - first));
  const positions = Array.from({ length: requests }, (_, i) => i < first);
  for (const position of rest) positions[position] = true;
  return positions;
}

function firstWave(workload: readonly WorkloadRequest[], intent: number): number {
  return workload.find((r) => r.intent === intent)?.wave ?? Number.POSITIVE_INFINITY;
}

function repeat(intent: Intent, random: Random): { variant: Variant; prompt: string } {
  if (intent.rewordings.length === 0 || random() < 0.5) {
    const prompt = random() < 0.5 ? intent.prompt : intent.prompt.toLowerCase().replace(/[?.!]+$/, '');
    return { variant: 'exact', prompt };
  }
  return { variant: 'reworded', prompt: intent.rewordings[Math.floor(random() * intent.rewordings.length)] };
}

/** How many requests of each variant a workload has. */
export function variantCounts(workload: readonly WorkloadRequest[]): Record<Variant, number> {
  const counts: Record<Variant, number> = { new: 0, exact: 0, reworded: 0 };
  for (const request of workload) counts[request.variant]++;
  return counts;
}
