import { ASSISTANT_ENV_SCHEMAS } from '@fleetcache/assistant';
import type { EnvClass } from '@fleetcache/core';
import { DbEnv } from '@fleetcache/db';
import { serviceEnvSchemas } from '@fleetcache/entity-api';
import { FLEET_ENTITY_TYPES } from '@fleetcache/fleet';
import { MONITOR_ENV_SCHEMAS } from '@fleetcache/monitor';
import { HEALTH_PATHS } from '@fleetcache/platform';
import { PRODUCT_SERVICE } from '@fleetcache/product-feature';
import { USER_SERVICE } from '@fleetcache/user-feature';
import { warmerEnvSchemas } from '@fleetcache/warmer';
import { getMetadataStorage } from 'class-validator';

/** What the deployment files must agree with, read from the apps' own typed config schemas. */
export interface AppContract {
  name: 'user-service' | 'product-service' | 'cache-warmer' | 'cache-monitor' | 'assistant-service';
  /** The app's default HTTP port (its PORT default). */
  port: number;
  /** Its default internal port (INTERNAL_PORT: /metrics, /internal/*). */
  internalPort: number;
  /** Every environment variable the app reads. */
  envNames: Set<string>;
  /** Variables with no default that the app refuses to start without. */
  requiredEnv: string[];
  /** Whether it talks to MySQL (the services; the warmer, the monitor and the assistant never hold DB credentials). */
  usesDatabase: boolean;
  /**
   * Whether it may reach Memcached where the entities are cached there: the apps that cache entities, and the
   * monitor, which samples the nodes. The assistant caches no entity: it stays on Redis (CACHE_ENGINE=redis) and is
   * no Memcached client (Memcached asks no credentials: a client could read every cached entity).
   */
  usesMemcached: boolean;
}

/**
 * Variables an app's libraries read outside its typed schemas, which a deployment may set: the AWS SDK's default
 * credential chain of the assistant's Bedrock client (static keys, the fallback where no role is given to its
 * ServiceAccount).
 */
const LIBRARY_ENV: Partial<Record<AppContract['name'], string[]>> = {
  'assistant-service': ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
};

export const HEALTH = HEALTH_PATHS;

export const APPS: AppContract[] = [
  contract('user-service', serviceEnvSchemas(USER_SERVICE.definition)),
  contract('product-service', serviceEnvSchemas(PRODUCT_SERVICE.definition)),
  contract('cache-warmer', warmerEnvSchemas(FLEET_ENTITY_TYPES)),
  contract('cache-monitor', [...MONITOR_ENV_SCHEMAS]),
  contract('assistant-service', [...ASSISTANT_ENV_SCHEMAS]),
];

/**
 * The ConfigMap of settings every app of a Kubernetes overlay reads (k8s/base/config/common.env). An app may be
 * handed a name of it that only the others read (the cache-monitor has no events settings): such a name is not
 * drift, as long as some app reads it (drift.spec.ts checks that every name of it is read).
 */
export const SHARED_CONFIG_MAP = 'fleetcache-common';

/**
 * Names set for an app that it does not read, but for those of `shared` (the shared ConfigMap's) that another app
 * reads.
 */
export function unreadEnv(
  contract: AppContract,
  provided: Iterable<string>,
  shared: Iterable<string> = [],
): string[] {
  const readBySome = new Set([...shared].filter((n) => APPS.some((a) => a.envNames.has(n))));
  return [...new Set(provided)].filter((n) => !contract.envNames.has(n) && !readBySome.has(n)).sort();
}

/** Variables `main.js migrate` reads. */
export const MIGRATE_ENV_NAMES = declaredNames(DbEnv);

/** The contract of one app, by name. */
export function app(name: AppContract['name']): AppContract {
  return APPS.find((a) => a.name === name)!;
}

function contract(name: AppContract['name'], schemas: EnvClass[]): AppContract {
  const envNames = new Set([...schemas.flatMap(declaredNames), ...(LIBRARY_ENV[name] ?? [])]);
  const requiredEnv = schemas.flatMap((schema) => {
    const defaults = new schema() as Record<string, unknown>;
    return declaredNames(schema).filter((key) => defaults[key] === undefined && !isOptional(schema, key));
  });
  const { PORT: port, INTERNAL_PORT: internalPort } = new schemas[0]() as {
    PORT?: unknown;
    INTERNAL_PORT?: unknown;
  };
  if (typeof port !== 'number' || typeof internalPort !== 'number')
    throw new Error(`${name}: the first env schema has no PORT or INTERNAL_PORT default`);
  const usesDatabase = schemas.includes(DbEnv);
  return {
    name,
    port,
    internalPort,
    envNames,
    requiredEnv,
    usesDatabase,
    usesMemcached: name !== 'assistant-service',
  };
}

function declaredNames(schema: EnvClass): string[] {
  return Object.keys(new schema());
}

function isOptional(schema: EnvClass, key: string): boolean {
  return getMetadataStorage()
    .getTargetValidationMetadatas(schema, '', true, false)
    .some((m) => m.propertyName === key && m.type === 'conditionalValidation');
}
