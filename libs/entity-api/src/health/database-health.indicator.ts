import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { BoundedDb } from '@fleetcache/db';
import type { DependencyProbe } from '@fleetcache/platform';

/** How long the readiness probe waits for MySQL. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * Reports whether MySQL answers, for `/health/ready`'s details and the dependency gauge. It never makes the
 * instance unready: a slow or absent database must not take the endpoints away from the cache, which can still
 * serve most reads (misses answer 503 on their own). Probes are single flight and bounded like any database call
 * (a probe that gives up does not leave a busy connection in the pool).
 */
@Injectable()
export class DatabaseHealthIndicator implements DependencyProbe {
  readonly name = 'mysql';
  private probing?: Promise<unknown>;

  constructor(
    private readonly health: HealthIndicatorService,
    private readonly db: BoundedDb,
  ) {}

  /** Runs `SELECT 1` through the application's pool (so a saturated pool shows up too) within a second. */
  async check(key: string = this.name): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    try {
      await (this.probing ??= this.db.ping(PROBE_TIMEOUT_MS).finally(() => (this.probing = undefined)));
      return session.up();
    } catch (error) {
      return session.up({ degraded: true, error: String(error) });
    }
  }
}
