import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  closeRedisClient,
  createRedisClient,
  type RedisConnectionOptions,
  type RedisClient,
} from '@fleetcache/cache';
import {
  DEFAULT_EVENT_PARTITIONS,
  DEFAULT_EVENTS_CHANNEL_PREFIX,
  entityChannels,
  parseChangeEvent,
  type EventsTransportOptions,
} from '@fleetcache/events';
import type { SemanticCache } from '@fleetcache/semantic-cache';
import { ASSISTANT_SETTINGS, SEMANTIC_CACHE } from '../assistant.constants';
import type { AssistantSettings } from '../config/assistant.settings';

/** Injection token of the change-event transport the invalidator listens on. */
export const EVENTS_TRANSPORT = Symbol('EVENTS_TRANSPORT');

/**
 * Drops cached answers about an entity when it changes: it listens to the change events of every entity type in
 * SEMANTIC_CACHE_ENTITY_SOURCES (the services' sharded pub/sub channels) and invalidates the tag `<entity>:<id>` of
 * each event. While a subscription is down, events are missed: tagged answers then live until their TTL.
 */
@Injectable()
export class EntityChangeInvalidator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(EntityChangeInvalidator.name);
  private subscriber?: RedisClient;

  constructor(
    @Inject(SEMANTIC_CACHE) private readonly cache: SemanticCache,
    @Inject(ASSISTANT_SETTINGS) private readonly settings: AssistantSettings,
    @Inject(EVENTS_TRANSPORT)
    private readonly transport: EventsTransportOptions & { redis: RedisConnectionOptions },
  ) {}

  onApplicationBootstrap(): void {
    const entities = this.settings.entitySources.map((source) => source.entity);
    if (entities.length === 0) return;
    const subscriber = createRedisClient(
      { ...this.transport.redis, autoPipelining: false },
      { shardedSubscribers: true },
    );
    this.subscriber = subscriber;
    subscriber.on('smessage', (_channel: string, message: string) => void this.onEvent(message));
    subscriber.on('error', (error: Error) =>
      this.log.debug({ msg: 'invalidation subscriber error', err: error.message }),
    );
    for (const entity of entities) {
      for (const channel of entityChannels(
        this.transport.prefix ?? DEFAULT_EVENTS_CHANNEL_PREFIX,
        entity,
        this.transport.partitions ?? DEFAULT_EVENT_PARTITIONS,
      )) {
        subscriber
          .ssubscribe(channel)
          .catch((error: Error) => this.log.warn({ msg: 'ssubscribe failed', channel, err: error.message }));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.subscriber) await closeRedisClient(this.subscriber, { drain: false });
  }

  private async onEvent(message: string): Promise<void> {
    try {
      const event = parseChangeEvent(message);
      const deleted = await this.cache.invalidateTag(`${event.entity}:${event.entityId}`);
      if (deleted > 0)
        this.log.log({ msg: 'answers invalidated', entity: event.entity, id: event.entityId, deleted });
    } catch (error) {
      this.log.debug({ msg: 'change event ignored', err: String(error) });
    }
  }
}
