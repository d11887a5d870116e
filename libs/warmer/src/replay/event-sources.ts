import { defineEnvSchema, type EntityTypeDefinition, type EnvClass, type EnvSetting } from '@fleetcache/core';
import { IsUrl } from 'class-validator';

/** A service whose change events the warmer applies, and where to reach it. */
export interface EventSource {
  /** The service's name: its event stream (`source`) and its replay cursor. */
  name: string;
  /** Base URL of its public port (batch reads). */
  url: string;
  /** Base URL of its internal port (the replay feed). */
  internalUrl: string;
}

/** Injection token of the list of event sources (one per owning service of the registered entity types). */
export const EVENT_SOURCES = Symbol('fleetcache.warmer.event-sources');

/** The variables of a service's URLs: USER_SERVICE_URL, USER_SERVICE_INTERNAL_URL. */
export function serviceUrlVariables(service: string): { url: string; internalUrl: string } {
  const upper = service.toUpperCase().replace(/-/g, '_');
  return { url: `${upper}_URL`, internalUrl: `${upper}_INTERNAL_URL` };
}

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** The owning services of `types`, each once. */
function owningServices(types: readonly EntityTypeDefinition[]): EntityTypeDefinition['service'][] {
  return [...new Map(types.map((type) => [type.service.name, type.service])).values()];
}

/** The schema of the owning services' URL variables, defaulting to their default ports on loopback. */
export function eventSourcesEnvSchema(types: readonly EntityTypeDefinition[]): EnvClass {
  const settings: Record<string, EnvSetting> = {};
  for (const service of owningServices(types)) {
    const names = serviceUrlVariables(service.name);
    settings[names.url] = { default: `http://127.0.0.1:${service.port}`, decorators: [IsUrl(URL_OPTIONS)] };
    settings[names.internalUrl] = {
      default: `http://127.0.0.1:${service.internalPort}`,
      decorators: [IsUrl(URL_OPTIONS)],
    };
  }
  return defineEnvSchema('EventSourcesEnv', settings);
}

/** The services the warmer follows, from env validated against {@link eventSourcesEnvSchema}. */
export function eventSourcesFromEnv(
  env: Record<string, unknown>,
  types: readonly EntityTypeDefinition[],
): EventSource[] {
  return owningServices(types).map((service) => {
    const names = serviceUrlVariables(service.name);
    return {
      name: service.name,
      url: String(env[names.url]).replace(/\/$/, ''),
      internalUrl: String(env[names.internalUrl]).replace(/\/$/, ''),
    };
  });
}
