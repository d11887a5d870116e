import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { throttle, TimeoutError, withTimeout } from '@fleetcache/core';
import { REDIS_CLIENT } from '../cache.constants';
import { MODULE_OPTIONS_TOKEN } from '../cache.module-definition';
import type { CacheModuleOptions } from '../cache.options';
import { DEFAULT_COMMAND_TIMEOUT_MS, type RedisClient } from '../connection/redis-client.factory';
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

  constructor(
    @Inject(MODULE_OPTIONS_TOKEN) options: CacheModuleOptions,
    private readonly metrics: CacheMetrics,
    @Optional() @Inject(REDIS_CLIENT) private readonly client?: RedisClient,
  ) {
    const cb = options.circuitBreaker ?? {};
    this.breaker = new CircuitBreaker(cb.failureThreshold ?? 5, cb.openMs ?? 2000);
    // ioredis enforces the per-command timeout on every command a node connection sends or queues. This budget
    // bounds what that timer does not cover: commands the cluster client holds while it is not ready (reconnecting,
    // refreshing slots). On the hot path, with the client ready, no extra timer is armed (benchmarks: a timer per
    // call is measurable at tens of thousands of hits per second).
    this.budgetMs = 2 * (options.redis.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  }

  /** Runs `call`; on failure, timeout or open circuit returns `fallback`. Never throws. */
  async run<T>(op: string, call: () => Promise<T>, fallback: T): Promise<T> {
    if (!this.breaker.allow()) {
      this.metrics.error(op, 'circuit_open');
      return fallback;
    }
    try {
      const pending = call();
      const value = await (this.client?.status === 'ready'
        ? pending
        : withTimeout(pending, this.budgetMs, `redis ${op}`));
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
