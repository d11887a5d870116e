import { Controller, Get } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import { CacheHealthIndicator } from '@fleetcache/cache';
import type { ServiceEnv } from '../config/service.env';

/** Liveness (the process answers) and readiness (MySQL answers; Redis reported, required only if configured). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly cache: CacheHealthIndicator,
    private readonly config: ConfigService<ServiceEnv, true>,
  ) {}

  /** Liveness: no dependency is checked, so a database outage never restarts the pod. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: MySQL must answer; Redis is reported and, with READY_REQUIRES_REDIS, required. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const redisRequired = this.config.get('READY_REQUIRES_REDIS', { infer: true });
    return this.health.check([
      () => this.db.pingCheck('mysql', { timeout: 1000 }),
      () => this.cache.check('redis', redisRequired),
    ]);
  }
}
