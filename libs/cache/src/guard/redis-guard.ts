import { Inject, Injectable, Logger } from '@nestjs/common';
import { Deadlines, throttle, TimeoutError } from '@fleetcache/core';
import { MODULE_OPTIONS_TOKEN } from '../cache.module-definition';
import type { CacheModuleOptions } from '../cache.options';
import { DEFAULT_COMMAND_TIMEOUT_MS } from '../connection/redis-client.factory';
import { CacheMetrics } from '../metrics/cache-metrics';
import { CircuitBreaker } from './circuit-breaker';

/**
 * The one fail-open wrapper every Redis call goes through (invariant I5): a call that fails, exceeds its time
 * budget or meets an open circuit resolves to the caller's fallback instead of throwing, and is logged and
 * counted. Callers then serve from the database.
 */
@Injectable()
export class RedisGuard {
  private readonly logger = new Logger(RedisGuard.name);
  private readonly breaker: CircuitBreaker;
  private readonly budgetMs: number;
  private readonly logGate = throttle(1000);
  private circuitReported = false;
  private readonly deadlines = new Deadlines();

  constructor(
    @Inject(MODULE_OPTIONS_TOKEN) options: CacheModuleOptions,
    private readonly metrics: CacheMetrics,
  ) {
    const cb = options.circuitBreaker ?? {};
    this.breaker = new CircuitBreaker(cb.failureThreshold ?? 5, cb.openMs ?? 2000);
    // ioredis times out each command a node connection sends, but a command the cluster client holds or retries
    // (reconnecting, refreshing slots, CLUSTERDOWN/TRYAGAIN/MOVED during a failover) can take far longer. This
    // budget bounds every call. It runs on one coarse shared timer, not a timer per call: at tens of thousands of
    // hits per second a setTimeout per call is measurable.
    this.budgetMs = 2 * (options.redis.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  }

  /** Runs `call`; on failure, timeout or open circuit returns `fallback`. Never throws. */
  async run<T>(op: string, call: () => Promise<T>, fallback: T): Promise<T> {
    if (!this.breaker.allow()) {
      this.metrics.error(op, 'circuit_open');
      return fallback;
    }
    try {
      const value = await this.deadlines.within(call(), this.budgetMs, `redis ${op}`);
      this.breaker.success();
      this.reportCircuit(false);
      return value;
    } catch (error) {
      this.onFailure(op, error);
      return fallback;
    }
  }

  /** Sets the circuit gauge only when it changes (not on every successful call). */
  private reportCircuit(open: boolean): void {
    if (open === this.circuitReported) return;
    this.circuitReported = open;
    this.metrics.circuitOpen(open);
  }

  private onFailure(op: string, error: unknown): void {
    const reason = error instanceof TimeoutError || /timed? ?out/i.test(String(error)) ? 'timeout' : 'error';
    this.breaker.failure();
    this.metrics.error(op, reason);
    this.reportCircuit(this.breaker.state === 'open');
    // At most one log line a second: an outage must not flood the logs.
    if (this.logGate()) {
      this.logger.warn({
        msg: 'redis call failed, serving without cache',
        op,
        reason,
        err: String(error),
        circuit: this.breaker.state,
      });
    }
  }
}
