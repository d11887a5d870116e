import { Logger } from '@nestjs/common';
import { Deadlines, throttle, TimeoutError } from '@fleetcache/core';
import type { CacheMetrics } from '../metrics/cache-metrics';
import { CircuitBreaker } from './circuit-breaker';

/** The breaker of calls that name no key (or any key before the node map is known). */
export const ANY_NODE = 'any';

/** How often circuits of nodes that left the engine are forgotten, ms. */
const PRUNE_EVERY_MS = 10_000;

/** Failures that are not the node's: counted under this reason, and no step towards opening its circuit. */
export type NeutralReason = 'redirect' | 'contention';

/** Says which node of a cache engine serves a key, so each node has its own circuit. */
export interface NodeLocator {
  /** The node ("host:port") serving `key`; {@link ANY_NODE} when unknown or when no key is named. */
  nodeOf(key: string | undefined): string;
  /** The nodes serving keys now (circuits of the others are forgotten); undefined while unknown. */
  liveNodes(): ReadonlySet<string> | undefined;
  /**
   * Why an error says nothing of the node's health, when it does not: `redirect` (the call went to the wrong Redis
   * master while slots moved), `contention` (a Memcached write kept losing CAS races to other writers).
   */
  neutralReason?(error: unknown): NeutralReason | undefined;
}

/** Settings of a guard: its circuits and the time budget of one call. */
export interface CacheGuardSettings {
  /** Consecutive failures that open a node's circuit. */
  failureThreshold: number;
  /** How long a circuit stays open before one probe call is let through, ms. */
  openMs: number;
  /** The longest one call may take before it counts as a timeout, ms. */
  budgetMs: number;
}

/**
 * The one fail-open wrapper every cache call goes through (invariant I5), whatever the engine: a call that fails,
 * exceeds its time budget or meets an open circuit resolves to the caller's fallback instead of throwing, and is
 * logged and counted. Callers then serve from the database.
 * There is one circuit breaker per node: a call that names its key is judged by the breaker of the node serving it
 * (a Redis master by slot, a Memcached node by the hash ring), so one failing node opens only its own circuit and
 * the keys of the others stay cached.
 */
export class CacheGuard {
  private readonly logger = new Logger(CacheGuard.name);
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly openCircuits = new Set<string>();
  private readonly logGate = throttle(1000);
  private readonly deadlines = new Deadlines();
  private readonly pruner: NodeJS.Timeout;

  constructor(
    /** The engine's name, in logs. */
    readonly engine: string,
    private readonly settings: CacheGuardSettings,
    private readonly locator: NodeLocator,
    private readonly metrics: CacheMetrics,
  ) {
    this.pruner = setInterval(() => this.forgetDepartedNodes(), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  /** Stops the pruning timer (shutdown). */
  stop(): void {
    clearInterval(this.pruner);
  }

  /**
   * Runs `call`; on failure, timeout or open circuit returns `fallback`. Never throws. `key`: the key the call
   * touches (all its keys live on one node), which picks the circuit of the node serving it.
   */
  async run<T>(op: string, call: () => Promise<T>, fallback: T, key?: string): Promise<T> {
    const node = this.locator.nodeOf(key);
    const breaker = this.breakerOf(node);
    if (!breaker.allow()) {
      this.metrics.error(op, 'circuit_open');
      return fallback;
    }
    try {
      // One coarse shared timer bounds every call, not a timer per call: at tens of thousands of hits per second a
      // setTimeout per call is measurable.
      const value = await this.deadlines.within(call(), this.settings.budgetMs, `${this.engine} ${op}`);
      breaker.success();
      this.reportCircuit(node, false);
      return value;
    } catch (error) {
      this.onFailure(op, node, breaker, error);
      return fallback;
    }
  }

  /** The node serving `key` ("host:port"; {@link ANY_NODE} when unknown). */
  nodeOf(key: string | undefined): string {
    return this.locator.nodeOf(key);
  }

  /** The nodes serving keys now; undefined while unknown. */
  liveNodes(): ReadonlySet<string> | undefined {
    return this.locator.liveNodes();
  }

  /** Drops the circuits of nodes that no longer serve keys (failed over, removed): their gauge goes to 0. */
  private forgetDepartedNodes(): void {
    const live = this.locator.liveNodes();
    if (!live || live.size === 0) return;
    for (const node of this.breakers.keys()) {
      if (node === ANY_NODE || live.has(node)) continue;
      this.breakers.delete(node);
      this.reportCircuit(node, false);
    }
  }

  private breakerOf(node: string): CircuitBreaker {
    let breaker = this.breakers.get(node);
    if (!breaker) {
      // Failures must last one call budget before the circuit opens (see CircuitBreaker's minStreakMs).
      const { failureThreshold, openMs, budgetMs } = this.settings;
      breaker = new CircuitBreaker(failureThreshold, openMs, Date.now, budgetMs);
      this.breakers.set(node, breaker);
    }
    return breaker;
  }

  /** Sets the circuit gauge of `node` only when it changes (not on every successful call). */
  private reportCircuit(node: string, open: boolean): void {
    if (open === this.openCircuits.has(node)) return;
    if (open) this.openCircuits.add(node);
    else this.openCircuits.delete(node);
    this.metrics.circuitOpen(node, open);
  }

  private onFailure(op: string, node: string, breaker: CircuitBreaker, error: unknown): void {
    const neutral = this.locator.neutralReason?.(error);
    if (neutral) {
      // The node is healthy: the call went to the wrong one (a slot moved), or lost races to other writers.
      breaker.neutral();
      this.metrics.error(op, neutral);
      return;
    }
    const reason = error instanceof TimeoutError || /timed? ?out/i.test(String(error)) ? 'timeout' : 'error';
    breaker.failure();
    this.metrics.error(op, reason);
    this.reportCircuit(node, breaker.state === 'open');
    // At most one log line a second: an outage must not flood the logs.
    if (this.logGate()) {
      this.logger.warn({
        msg: `${this.engine} call failed, serving without cache`,
        op,
        node,
        reason,
        err: String(error),
        circuit: breaker.state,
      });
    }
  }
}
