import {
  defineEnvSchema,
  EnvInt,
  MAX_NEAR_CACHE_MS,
  type EntityTypeDefinition,
  type EnvClass,
  type EnvSetting,
} from '@fleetcache/core';
import { IsInt, Max, Min } from 'class-validator';

/** The variables of an entity type's cache settings, named after it: CACHE_TTL_USER_SECONDS, … */
export function entityCacheVariables(name: string): { ttl: string; staleAfter: string; nearCache: string } {
  const upper = name.toUpperCase();
  return {
    ttl: `CACHE_TTL_${upper}_SECONDS`,
    staleAfter: `CACHE_SWR_${upper}_SECONDS`,
    nearCache: `CACHE_NEAR_${upper}_MS`,
  };
}

/** The variable of a derived value's TTL class: CACHE_TTL_TRENDING_SECONDS. */
export function derivedTtlVariable(ttlClass: string): string {
  return `CACHE_TTL_${ttlClass.toUpperCase()}_SECONDS`;
}

const integerSetting = (min: number, max?: number): PropertyDecorator[] =>
  max === undefined ? [EnvInt(), IsInt(), Min(min)] : [EnvInt(), IsInt(), Min(min), Max(max)];

/** The schema of one entity type's cache variables, with its defaults. */
export function entityCacheEnv(type: EntityTypeDefinition): EnvClass {
  const names = entityCacheVariables(type.name);
  const settings: Record<string, EnvSetting> = {
    [names.ttl]: { default: type.cache.ttlSeconds, decorators: integerSetting(1) },
    [names.staleAfter]: { default: type.cache.staleAfterSeconds, decorators: integerSetting(0) },
    [names.nearCache]: { default: type.cache.nearCacheMs, decorators: integerSetting(0, MAX_NEAR_CACHE_MS) },
  };
  for (const derived of type.derived)
    settings[derivedTtlVariable(derived.ttlClass)] = {
      default: derived.ttlSeconds,
      decorators: integerSetting(1),
    };
  return defineEnvSchema(`${type.name}CacheEnv`, settings);
}

/** Per-type settings read from env validated against {@link cacheEnvSchemas}. */
export interface EntityCacheSettings {
  /** TTL per entity type and per derived value's TTL class, seconds. */
  ttlSeconds: Record<string, number>;
  /** Stale-while-revalidate per entity type, seconds (0: off). */
  staleAfterSeconds: Record<string, number>;
  /** Near-cache lifetime per entity type, ms (0: off). */
  nearCacheMs: Record<string, number>;
}

/** Reads the registered types' settings from validated env. */
export function entityCacheSettings(
  env: Record<string, number>,
  types: readonly EntityTypeDefinition[],
): EntityCacheSettings {
  const settings: EntityCacheSettings = { ttlSeconds: {}, staleAfterSeconds: {}, nearCacheMs: {} };
  for (const type of types) {
    const names = entityCacheVariables(type.name);
    settings.ttlSeconds[type.name] = env[names.ttl] ?? type.cache.ttlSeconds;
    settings.staleAfterSeconds[type.name] = env[names.staleAfter] ?? type.cache.staleAfterSeconds;
    settings.nearCacheMs[type.name] = env[names.nearCache] ?? type.cache.nearCacheMs;
    for (const derived of type.derived)
      settings.ttlSeconds[derived.ttlClass] = env[derivedTtlVariable(derived.ttlClass)] ?? derived.ttlSeconds;
  }
  return settings;
}

/** A record with each value mapped. */
export function mapValues<A, B>(record: Record<string, A>, map: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
