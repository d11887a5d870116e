import type { EventEntity } from '@fleetcache/events';
import type { WarmerServiceEnv } from '../warmer.env';

/** A service whose change events the warmer applies, and where to reach it. */
export interface EventSource {
  /** Stream name (the service's `source`). */
  name: string;
  /** The entity type it owns. */
  entity: EventEntity;
  /** Base URL of its public port (batch reads). */
  url: string;
  /** Base URL of its internal port (the replay feed). */
  internalUrl: string;
  /** Its public batch-read path (`/users`). */
  batchPath: string;
}

/** Injection token of the list of event sources. */
export const EVENT_SOURCES = Symbol('fleetcache.warmer.event-sources');

/** The services the warmer follows, from validated env. */
export function eventSourcesFromEnv(env: WarmerServiceEnv): EventSource[] {
  return [
    {
      name: 'user-service',
      entity: 'user',
      url: env.USER_SERVICE_URL.replace(/\/$/, ''),
      internalUrl: env.USER_SERVICE_INTERNAL_URL.replace(/\/$/, ''),
      batchPath: '/users',
    },
    {
      name: 'product-service',
      entity: 'product',
      url: env.PRODUCT_SERVICE_URL.replace(/\/$/, ''),
      internalUrl: env.PRODUCT_SERVICE_INTERNAL_URL.replace(/\/$/, ''),
      batchPath: '/products',
    },
  ];
}
