import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { CacheHealthIndicator } from '@fleetcache/cache';
import { SERVICE_ENV } from '../config/service-config.constants';
import type { ServiceEnv } from '../config/service.env';
import { recordDependency } from './dependency-health';
import { DEPENDENCY_PROBES, HEALTH_ROUTES, type DependencyProbe } from './health.options';
import { ServingState } from './serving-state';

/**
 * Liveness (the process answers) and readiness (this process can serve: it started, ran its migrations and is not
 * draining). Dependencies are reported in readiness's details and as `fleetcache_dependency_up`, but only Redis,
 * and only with `READY_REQUIRES_REDIS=true`, can make an instance unready.
 */
@ApiTags('health')
@Controller(HEALTH_ROUTES.controller)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly cache: CacheHealthIndicator,
    @Inject(DEPENDENCY_PROBES) private readonly probes: DependencyProbe[],
    private readonly serving: ServingState,
    @Inject(SERVICE_ENV) private readonly env: ServiceEnv,
  ) {}

  /** Liveness: no dependency is checked, so a database outage never restarts the pod. */
  @Get(HEALTH_ROUTES.live)
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: 503 while draining (or, if configured, while Redis is unreachable); dependencies in the details. */
  @Get(HEALTH_ROUTES.ready)
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    if (this.serving.draining)
      throw new ServiceUnavailableException({
        message: 'This instance is draining (shutting down)',
        code: 'DRAINING',
      });
    const checks: HealthIndicatorFunction[] = [
      () => this.indicators.check('process').up({ draining: false }),
      async () => recordDependency('redis', await this.cache.check('redis', this.env.READY_REQUIRES_REDIS)),
    ];
    if (this.cache.entityEngine === 'memcached')
      checks.push(async () => recordDependency('memcached', await this.cache.checkMemcached('memcached')));
    for (const probe of this.probes)
      checks.push(async () => recordDependency(probe.name, await probe.check(probe.name)));
    return this.health.check(checks);
  }
}
