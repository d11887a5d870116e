// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- cluster-key-slot ships no types
/// <reference path="../types/cluster-key-slot.d.ts" />
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import calculateSlot from 'cluster-key-slot';
import { Deadlines, throttle, TimeoutError } from '@fleetcache/core';
import { REDIS_CLIENT } from '../cache.constants';
import { MODULE_OPTIONS_TOKEN } from '../cache.module-definition';
import type { CacheModuleOptions } from '../cache.options';
import { DEFAULT_COMMAND_TIMEOUT_MS, isCluster, type RedisClient } from '../connection/redis-client.factory';
import { CacheMetrics } from '../metrics/cache-metrics';
import { CircuitBreaker } from './circuit-breaker';

/**
 * Cluster replies that say "not here, not now" about a slot, not that its master failed: the reply itself, or
 * ioredis's error once it ran out of redirections ("Too many Cluster redirections. Last error: …").
 */
const REDIRECTION =
  /^(Too many Cluster redirections\. Last error: (\w+: )?)?(MOVED|ASK|TRYAGAIN|CLUSTERDOWN)\b/;

/** How often circuits of nodes that left the cluster are forgotten, ms. */
const PRUNE_EVERY_MS = 10_000;

/** The breaker of calls that name no key (or any key before the slot map is known). */
const ANY_NODE = 'any';

/**
 * The one fail-open wrapper every Redis call goes through (invariant I5): a call that fails, exceeds its time
 * budget or meets an open circuit resolves to the caller's fallback instead of throwing, and is logged and
 * counted. Callers then serve from the database.
 * There is one circuit breaker per Redis master: a call that names its key is judged by the breaker of the master
 * serving the key's slot, so one failing shard opens only its own circuit and the keys of the others stay cached.
 */
@Injectable()
export class RedisGuard implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisGuard.name);
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly openCircuits = new Set<string>();
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly budgetMs: number;
  private readonly logGate = throttle(1000);
  private readonly deadlines = new Deadlines();
  private readonly pruner: NodeJS.Timeout;

  constructor(
    @Inject(MODULE_OPTIONS_TOKEN) options: CacheModuleOptions,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly metrics: CacheMetrics,
  ) {
    const cb = options.circuitBreaker ?? {};
    this.threshold = cb.failureThreshold ?? 5;
    this.openMs = cb.openMs ?? 2000;
    // ioredis times out each command a node connection sends, but a command the cluster client holds or retries
    // (reconnecting, refreshing slots, CLUSTERDOWN/TRYAGAIN/MOVED during a failover) can take far longer. This
    // budget bounds every call. It runs on one coarse shared timer, not a timer per call: at tens of thousands of
    // hits per second a setTimeout per call is measurable.
    this.budgetMs = 2 * (options.redis.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
    this.pruner = setInterval(() => this.forgetDepartedNodes(), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pruner);
  }

  /**
   * Runs `call`; on failure, timeout or open circuit returns `fallback`. Never throws. `key`: the key the call
   * touches (all its keys share a slot), which picks the circuit of the master serving it.
   */
  async run<T>(op: string, call: () => Promise<T>, fallback: T, key?: string): Promise<T> {
    const node = this.nodeOf(key);
    const breaker = this.breakerOf(node);
    if (!breaker.allow()) {
      this.metrics.error(op, 'circuit_open');
      return fallback;
    }
    try {
      const value = await this.deadlines.within(call(), this.budgetMs, `redis ${op}`);
      breaker.success();
      this.reportCircuit(node, false);
      return value;
    } catch (error) {
      this.onFailure(op, node, breaker, error);
      return fallback;
    }
  }

  /** The master ("host:port") serving `key`'s slot; one name for everything on a single node or before slots are known. */
  private nodeOf(key: string | undefined): string {
    if (key === undefined || !isCluster(this.redis)) return ANY_NODE;
    return this.redis.slots[calculateSlot(key)]?.[0] ?? ANY_NODE;
  }

  /** Drops the circuits of nodes that no longer serve any slot (failed over, removed): their gauge goes to 0. */
  private forgetDepartedNodes(): void {
    if (!isCluster(this.redis) || this.redis.slots.length === 0) return;
    const masters = new Set(this.redis.slots.map((owners) => owners?.[0]));
    for (const node of this.breakers.keys()) {
      if (node === ANY_NODE || masters.has(node)) continue;
      this.breakers.delete(node);
      this.reportCircuit(node, false);
    }
  }

  private breakerOf(node: string): CircuitBreaker {
    let breaker = this.breakers.get(node);
    if (!breaker) {
      // Failures must last one call budget before the circuit opens (see CircuitBreaker's minStreakMs).
      breaker = new CircuitBreaker(this.threshold, this.openMs, Date.now, this.budgetMs);
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
    if (REDIRECTION.test(String((error as Error | null)?.message ?? error))) {
      // The slot moved (resharding, failover): the master is healthy, this call just went to the wrong one.
      breaker.neutral();
      this.metrics.error(op, 'redirect');
      return;
    }
    const reason = error instanceof TimeoutError || /timed? ?out/i.test(String(error)) ? 'timeout' : 'error';
    breaker.failure();
    this.metrics.error(op, reason);
    this.reportCircuit(node, breaker.state === 'open');
    // At most one log line a second: an outage must not flood the logs.
    if (this.logGate()) {
      this.logger.warn({
        msg: 'redis call failed, serving without cache',
        op,
        node,
        reason,
        err: String(error),
        circuit: breaker.state,
      });
    }
  }
}
