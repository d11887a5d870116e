import { Module, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheModule, cacheEnvSchemas, cacheOptionsFromEnv, type CacheEnv } from '@fleetcache/cache';
import { validateEnv, type EntityTypeDefinition, type EnvClass } from '@fleetcache/core';
import {
  BoundedDbModule,
  dataSourceOptions,
  dbLimitsFromEnv,
  DbEnv,
  type ServiceSchema,
} from '@fleetcache/db';
import { EventsEnv } from '@fleetcache/events';
import { OUTBOX_SCHEMA, OutboxEnv, OutboxModule, outboxOptionsFromEnv } from '@fleetcache/outbox';
import {
  ApiAuthEnv,
  ApiAuthModule,
  HealthModule,
  LoggingModule,
  MetricsModule,
  RateLimitEnv,
  RateLimitModule,
  SERVICE_ENV,
  ServiceConfigModule,
  type ServiceEnv,
} from '@fleetcache/platform';
import { DatabaseHealthIndicator } from '../health/database-health.indicator';
import { NearCacheSync, SERVICE_ENTITY_TYPES } from './near-cache-sync';

/** The validated environment of an entity service. */
export type Env = ServiceEnv & DbEnv & CacheEnv & EventsEnv & OutboxEnv & RateLimitEnv & ApiAuthEnv;

/** What distinguishes one entity service from another. */
export interface ServiceAppDefinition {
  /** The service's name: its event stream (`source` of its events), its logs; every type it registers names it as owner. */
  serviceName: string;
  /** Its HTTP settings: a ServiceEnv subclass with its default ports. */
  httpEnv: EnvClass<ServiceEnv>;
  /** Its tables and migrations (the outbox is added). */
  schema: ServiceSchema;
  /** Its feature modules. */
  features: (Type<unknown> | DynamicModule | ForwardReference)[];
  /**
   * The entity types it owns: their cache settings (and variables) are registered with the cache, and their change
   * events keep every instance's near-cache honest.
   */
  entityTypes: readonly EntityTypeDefinition[];
}

/** The service's schema plus the event outbox. */
export function withOutbox(schema: ServiceSchema): ServiceSchema {
  return {
    entities: [...(schema.entities as never[]), ...OUTBOX_SCHEMA.entities],
    migrations: [...(schema.migrations as never[]), ...OUTBOX_SCHEMA.migrations],
    migrationsTableName: schema.migrationsTableName,
    statementKinds: { ...schema.statementKinds, ...OUTBOX_SCHEMA.statementKinds },
  };
}

/**
 * Every schema an entity service validates at start: its HTTP settings, MySQL, the cache with its entity types'
 * settings, events and the outbox, and the public edge's (rate limits, credentials).
 */
export function serviceEnvSchemas(definition: ServiceAppDefinition): EnvClass[] {
  return [
    definition.httpEnv,
    DbEnv,
    ...cacheEnvSchemas(definition.entityTypes),
    EventsEnv,
    OutboxEnv,
    RateLimitEnv,
    ApiAuthEnv,
  ];
}

/** Validates an entity service's environment, once, at start (throws ConfigValidationError listing every problem). */
export function validateServiceEnv(
  rawEnv: Record<string, string | undefined>,
  definition: ServiceAppDefinition,
): Env {
  const foreign = definition.entityTypes.filter((type) => type.service.name !== definition.serviceName);
  if (foreign.length)
    throw new Error(
      `${definition.serviceName} registers entity types another service owns: ${foreign.map((t) => `${t.name} (${t.service.name})`).join(', ')}`,
    );
  return validateEnv<Env>(rawEnv, ...serviceEnvSchemas(definition));
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
          useFactory: (env: Env) => cacheOptionsFromEnv(env, definition.entityTypes),
        }),
        OutboxModule.forRootAsync({
          isGlobal: true,
          inject: [SERVICE_ENV],
          useFactory: (env: Env) => outboxOptionsFromEnv(env, definition.serviceName),
        }),
        ...definition.features,
        HealthModule.withProbes([DatabaseHealthIndicator]),
        MetricsModule,
        ...edgeModules(env),
      ],
      providers: [{ provide: SERVICE_ENTITY_TYPES, useValue: definition.entityTypes }, NearCacheSync],
    };
  }
}
