import { Module, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheModule, cacheOptionsFromEnv, type CacheEnv } from '@fleetcache/cache';
import { validateEnv, type EnvClass } from '@fleetcache/core';
import {
  BoundedDbModule,
  dataSourceOptions,
  dbLimitsFromEnv,
  type DbEnv,
  type ServiceSchema,
} from '@fleetcache/db';
import {
  OUTBOX_SCHEMA,
  OutboxModule,
  outboxOptionsFromEnv,
  type EventEntity,
  type EventsEnv,
} from '@fleetcache/events';
import { ApiAuthEnv } from '../auth/api-auth.env';
import { ApiAuthModule } from '../auth/api-auth.module';
import { ServiceConfigModule } from '../config/service-config.module';
import { SERVICE_ENV } from '../config/service-config.constants';
import type { ServiceEnv } from '../config/service.env';
import { HealthModule } from '../health/health.module';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RateLimitEnv } from '../rate-limit/rate-limit.env';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { NearCacheSync, SERVICE_ENTITIES } from './near-cache-sync';

/** The validated environment of an entity service. */
export type Env = ServiceEnv & DbEnv & CacheEnv & EventsEnv & RateLimitEnv & ApiAuthEnv;

/** What distinguishes one entity service from another. */
export interface ServiceAppDefinition {
  /** Service name: its event stream, its logs. */
  source: string;
  /** Env schemas validated at start (the service's ServiceEnv subclass, DbEnv, CacheEnv, EventsEnv). */
  envSchemas: EnvClass[];
  /** Its tables and migrations (the outbox is added). */
  schema: ServiceSchema;
  /** Its feature modules. */
  features: (Type<unknown> | DynamicModule | ForwardReference)[];
  /** The entity types it owns (their change events keep every instance's near-cache honest). */
  entities: EventEntity[];
}

/** The service's schema plus the event outbox. */
export function withOutbox(schema: ServiceSchema): ServiceSchema {
  return {
    entities: [...(schema.entities as never[]), ...OUTBOX_SCHEMA.entities],
    migrations: [...(schema.migrations as never[]), ...OUTBOX_SCHEMA.migrations],
    migrationsTableName: schema.migrationsTableName,
  };
}

/** Every schema an entity service validates at start: its own, and the public edge's (rate limits, credentials). */
export function serviceEnvSchemas(definition: ServiceAppDefinition): EnvClass[] {
  return [...definition.envSchemas, RateLimitEnv, ApiAuthEnv];
}

/** Validates an entity service's environment, once, at start (throws ConfigValidationError listing every problem). */
export function validateServiceEnv(
  source: Record<string, string | undefined>,
  definition: ServiceAppDefinition,
): Env {
  return validateEnv<Env>(source, ...serviceEnvSchemas(definition));
}

/** The guards of the public edge that are switched on, in order: rate limits first, then credentials. */
function edgeModules(env: Env): Type<unknown>[] {
  return [
    ...(env.RATE_LIMIT_ENABLED ? [RateLimitModule] : []),
    ...(env.API_AUTH !== 'off' ? [ApiAuthModule] : []),
  ];
}

/**
 * Root module of an entity service: config, logging, MySQL, the cache, the outbox, its features, health, metrics,
 * and the edge's rate limits and credentials. `env` comes from {@link validateServiceEnv}.
 */
@Module({})
export class ServiceAppModule {
  static forRoot(env: Env, definition: ServiceAppDefinition): DynamicModule {
    return {
      module: ServiceAppModule,
      imports: [
        ServiceConfigModule.forRoot(env),
        LoggingModule,
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_ENV],
          useFactory: (env: Env) => dataSourceOptions(env, withOutbox(definition.schema)),
        }),
        BoundedDbModule.forRootAsync({ isGlobal: true, inject: [SERVICE_ENV], useFactory: dbLimitsFromEnv }),
        CacheModule.forRootAsync({
          isGlobal: true,
          inject: [SERVICE_ENV],
          useFactory: (env: Env) => cacheOptionsFromEnv(env),
        }),
        OutboxModule.forRootAsync({
          isGlobal: true,
          inject: [SERVICE_ENV],
          useFactory: (env: Env) => outboxOptionsFromEnv(env, definition.source),
        }),
        ...definition.features,
        HealthModule,
        MetricsModule,
        ...edgeModules(env),
      ],
      providers: [{ provide: SERVICE_ENTITIES, useValue: definition.entities }, NearCacheSync],
    };
  }
}
