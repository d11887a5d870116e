import { Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { withTimeout } from '@fleetcache/core';
import type { DataSource } from 'typeorm';

/** How long the readiness probe waits for MySQL. */
const PROBE_TIMEOUT_MS = 1000;

/**
 * Reports whether MySQL answers, for `/health/ready`'s details and the dependency gauge. It never makes the
 * instance unready: a slow or absent database must not take the endpoints away from the cache, which can still
 * serve most reads (misses answer 503 on their own).
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Optional() @InjectDataSource() private readonly dataSource?: DataSource,
  ) {}

  /** Whether this process has a database to report on. */
  get present(): boolean {
    return this.dataSource !== undefined;
  }

  /** Runs `SELECT 1` through the application's pool (so a saturated pool shows up too) within a second. */
  async check(key = 'mysql'): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    try {
      await withTimeout(this.dataSource!.query('SELECT 1'), PROBE_TIMEOUT_MS, 'mysql health probe');
      return session.up();
    } catch (error) {
      return session.up({ degraded: true, error: String(error) });
    }
  }
}
