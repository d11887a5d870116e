import { openBenchRedis, uniquePrefix } from '../support/bench-redis';
import { progress } from '../support/progress';
import { AssistantProcess } from './assistant-process';
import { ChatClient, type MessageReply } from './chat-client';
import type { WorkloadRequest } from './workload';

/** SEMANTIC_CACHE_MODE of one run. */
export type CacheMode = 'off' | 'exact' | 'semantic';

/** A chat session sends this many messages, then its lane signs in as a new user (a new chat). */
const MESSAGES_PER_CHAT = 8;
/** Every chat of the workload is one tenant's: self-contained prompts share answers across its chats. */
const TENANT = 'bench';
const MODEL_CALLS = 'fleetcache_semantic_model_calls_total';

/** What one mode's run returned: every request's reply, and the service's own model-call count. */
export interface ModeRun {
  mode: CacheMode;
  replies: { request: WorkloadRequest; reply: MessageReply }[];
  /** fleetcache_semantic_model_calls_total over the workload (the coordinator counts it; off mode does not). */
  modelCallsMetric: number;
  chatsStarted: number;
}

/**
 * Starts the assistant-service in `mode` with the stand-in model at `delayMs` and a key prefix of its own, warms it
 * up in another tenant, drives `workload` (its waves in order, the lanes of a wave in parallel), then stops it and
 * deletes its keys.
 */
export async function runMode(
  mode: CacheMode,
  workload: readonly WorkloadRequest[],
  { delayMs, serviceCpu, env }: { delayMs: number; serviceCpu?: number; env: NodeJS.ProcessEnv },
): Promise<ModeRun> {
  const prefix = uniquePrefix(`e2e-${mode}`);
  progress(`e2e: ${mode}: starting assistant-service (stand-in model ${delayMs} ms, prefix ${prefix})`);
  const settings = {
    SEMANTIC_CACHE_MODE: mode,
    ASSISTANT_STAND_IN_DELAY_MS: String(delayMs),
    CACHE_KEY_PREFIX: prefix,
    EVENTS_CHANNEL_PREFIX: prefix,
  };
  const service = await AssistantProcess.start(env, settings, serviceCpu);
  try {
    await warmUp(service);
    const before = await service.metric(MODEL_CALLS);
    const { replies, chatsStarted } = await drive(service, workload);
    const modelCallsMetric = (await service.metric(MODEL_CALLS)) - before;
    return { mode, replies, modelCallsMetric, chatsStarted };
  } finally {
    await service.stop();
    await openBenchRedis(prefix).close();
  }
}

async function warmUp(service: AssistantProcess): Promise<void> {
  const chat = new ChatClient(service.url);
  await chat.start('warm-up', 'warm-up');
  for (const content of ['warming up the service please', 'warming up the service please'])
    await chat.send(content);
}

async function drive(
  service: AssistantProcess,
  workload: readonly WorkloadRequest[],
): Promise<{ replies: ModeRun['replies']; chatsStarted: number }> {
  const lanes = new Map<number, { chat: ChatClient; sent: number }>();
  let chatsStarted = 0;
  const replies: ModeRun['replies'] = [];
  const waves = [...new Set(workload.map((request) => request.wave))];
  for (const wave of waves) {
    const requests = workload.filter((request) => request.wave === wave);
    const answered = await Promise.all(
      requests.map(async (request) => {
        let lane = lanes.get(request.lane);
        if (!lane || lane.sent >= MESSAGES_PER_CHAT) {
          lane = { chat: new ChatClient(service.url), sent: 0 };
          await lane.chat.start(`user-${request.lane}-${chatsStarted++}`, TENANT);
          lanes.set(request.lane, lane);
        }
        lane.sent++;
        return { request, reply: await lane.chat.send(request.prompt) };
      }),
    );
    replies.push(...answered);
    if (wave % 10 === 9) progress(`e2e: ${replies.length}/${workload.length} requests`);
  }
  return { replies, chatsStarted };
}
