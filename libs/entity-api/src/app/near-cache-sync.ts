import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EntityCache, type CacheEnv } from '@fleetcache/cache';
import type { EntityTypeDefinition } from '@fleetcache/core';
import {
  EVENT_ACTIONS,
  eventsTransportFromEnv,
  RedisEventServer,
  type ChangeEvent,
  type EventsEnv,
} from '@fleetcache/events';
import { SERVICE_ENV } from '@fleetcache/platform';

/** Injection token of the entity types a service owns (whose near-cache entries its events invalidate). */
export const SERVICE_ENTITY_TYPES = Symbol('fleetcache.entity-api.service-entity-types');

/**
 * Keeps the near-cache (L1) of every instance honest: it subscribes to the change events of the service's entity
 * types and drops a key when its event arrives; when the subscription is interrupted (events may be lost) it clears
 * the whole near-cache. Until the subscription is up, the near-cache keeps nothing: an entry filled before then could
 * miss its change event and be served stale for its whole lifetime. Does nothing when no entity type has a near-cache.
 */
@Injectable()
export class NearCacheSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NearCacheSync.name);
  private server?: RedisEventServer;

  constructor(
    @Inject(SERVICE_ENV) private readonly env: CacheEnv & EventsEnv,
    @Inject(SERVICE_ENTITY_TYPES) private readonly types: readonly EntityTypeDefinition[],
    private readonly cache: EntityCache,
  ) {}

  onApplicationBootstrap(): void {
    const entities = this.types.map((type) => type.name).filter((entity) => this.cache.hasNearCache(entity));
    if (entities.length === 0) return;
    const interrupted = (reason: string) => {
      this.logger.warn({ msg: 'event subscription interrupted; near-cache cleared', reason });
      this.cache.clearNear();
    };
    const subscribed = () => {
      this.logger.log({ msg: 'change events subscribed; near-cache on', entities });
      this.cache.setNearLive(true);
    };
    this.cache.setNearLive(false);
    this.server = new RedisEventServer(
      { ...eventsTransportFromEnv(this.env), entities },
      { interrupted, subscribed },
    );
    const forget = async (event: ChangeEvent) =>
      this.cache.forgetNear(event.entity, event.entityId, event.version);
    for (const entity of entities)
      for (const action of EVENT_ACTIONS) this.server.addHandler(`${entity}.${action}`, forget, true);
    this.server.listen(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
