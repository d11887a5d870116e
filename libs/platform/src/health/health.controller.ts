import { Controller, Get, Inject, Optional } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import { CacheHealthIndicator } from '@fleetcache/cache';
import { HEALTH_OPTIONS, HEALTH_ROUTES, type HealthOptions } from './health.options';

/** Liveness (the process answers) and readiness (its dependencies answer). */
@ApiTags('health')
@Controller(HEALTH_ROUTES.controller)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly cache: CacheHealthIndicator,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
    @Optional() private readonly db?: TypeOrmHealthIndicator,
  ) {}

  /** Liveness: no dependency is checked, so a database outage never restarts the pod. */
  @Get(HEALTH_ROUTES.live)
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: MySQL must answer (services); Redis is reported and required only where configured. */
  @Get(HEALTH_ROUTES.ready)
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.cache.check('redis', this.options.redisRequired)];
    if (this.options.database && this.db)
      checks.unshift(() => this.db!.pingCheck('mysql', { timeout: 1000 }));
    return this.health.check(checks);
  }
}
