import { latencySummary, median, ratio, round, type LatencySummary } from '../support/stats';
import type { ModeRun } from './mode-run';
import type { Variant } from './workload';

/** One mode's figures: model calls, answers from the cache by kind of request, client-measured latency. */
export interface ModeSummary {
  mode: ModeRun['mode'];
  requests: number;
  errors: number;
  /** Requests answered by the model (source=model): the stand-in's calls. */
  modelCalls: number;
  modelCallsMetric: number;
  cacheAnswers: number;
  /** Answers from the cache after waiting for another chat's model call on the same prompt. */
  waited: number;
  /** Prompts the service judged conversation-dependent (kept in their chat): should be 0 here. */
  sessionScoped: number;
  chatsStarted: number;
  latencyMs: LatencySummary;
  hitLatencyMs: LatencySummary;
  missLatencyMs: LatencySummary;
  /** The service's own response_time_ms (no HTTP, no JSON), medians. */
  serverHitP50Ms: number | null;
  serverMissP50Ms: number | null;
  /** Median miss latency over median hit latency, from the client. */
  hitMissSpeedup: number | null;
  perVariant: Record<Variant, { requests: number; fromCache: number; p50Ms: number }>;
}

/** The figures of one mode's run. */
export function summarizeMode(run: ModeRun): ModeSummary {
  const ok = run.replies.filter(({ reply }) => reply.status === 200);
  const hits = ok.filter(({ reply }) => reply.source === 'cache');
  const misses = ok.filter(({ reply }) => reply.source === 'model');
  const client = (list: typeof ok) => list.map(({ reply }) => reply.clientMs);
  const server = (list: typeof ok) => list.map(({ reply }) => reply.responseTimeMs ?? Number.NaN);
  const hitP50 = median(client(hits));
  const missP50 = median(client(misses));
  return {
    mode: run.mode,
    requests: run.replies.length,
    errors: run.replies.length - ok.length,
    modelCalls: misses.length,
    modelCallsMetric: run.modelCallsMetric,
    cacheAnswers: hits.length,
    waited: hits.filter(({ reply }) => reply.waited).length,
    sessionScoped: ok.filter(({ reply }) => reply.scope === 'session').length,
    chatsStarted: run.chatsStarted,
    latencyMs: latencySummary(client(ok)),
    hitLatencyMs: latencySummary(client(hits)),
    missLatencyMs: latencySummary(client(misses)),
    serverHitP50Ms: hits.length ? round(median(server(hits))) : null,
    serverMissP50Ms: misses.length ? round(median(server(misses))) : null,
    hitMissSpeedup: hits.length && misses.length ? round(missP50 / hitP50, 1) : null,
    perVariant: perVariant(ok),
  };
}

function perVariant(ok: ModeRun['replies']): ModeSummary['perVariant'] {
  const of = (variant: Variant) => {
    const list = ok.filter(({ request }) => request.variant === variant);
    return {
      requests: list.length,
      fromCache: list.filter(({ reply }) => reply.source === 'cache').length,
      p50Ms: round(median(list.map(({ reply }) => reply.clientMs))),
    };
  };
  return { new: of('new'), exact: of('exact'), reworded: of('reworded') };
}

/** Each mode against no cache (off) and semantic against exact: model calls avoided and p50 speed-up. */
export function compareModes(modes: Partial<Record<ModeRun['mode'], ModeSummary>>): Record<string, unknown> {
  const off = modes.off;
  const against = (mode: ModeSummary, base: ModeSummary) => ({
    callsAvoided: base.modelCalls - mode.modelCalls,
    callsAvoidedShare: ratio(base.modelCalls - mode.modelCalls, base.modelCalls),
    p50SpeedUp: ratio(base.latencyMs.p50, mode.latencyMs.p50, 1),
  });
  const rows: Record<string, unknown> = {};
  if (off && modes.exact) rows['exactVsOff'] = against(modes.exact, off);
  if (off && modes.semantic) rows['semanticVsOff'] = against(modes.semantic, off);
  if (modes.exact && modes.semantic) rows['semanticVsExact'] = against(modes.semantic, modes.exact);
  return rows;
}
