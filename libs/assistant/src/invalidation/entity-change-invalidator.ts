import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  EVENT_ACTIONS,
  RedisEventServer,
  type ChangeEvent,
  type EventsTransportOptions,
} from '@fleetcache/events';
import type { SemanticCache } from '@fleetcache/semantic-cache';
import { ASSISTANT_SETTINGS, SEMANTIC_CACHE } from '../assistant.constants';
import type { AssistantSettings } from '../config/assistant.settings';

/** Injection token of the change-event transport the invalidator listens on. */
export const EVENTS_TRANSPORT = Symbol('EVENTS_TRANSPORT');

/**
 * Drops cached answers about an entity when it changes: it listens to the change events of every entity type in
 * SEMANTIC_CACHE_ENTITY_SOURCES (the services' sharded pub/sub channels, through the events transport) and
 * invalidates the tag `<entity>:<id>` of each event. While a subscription is down, events are missed: tagged answers
 * then live until their TTL (logged).
 */
@Injectable()
export class EntityChangeInvalidator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(EntityChangeInvalidator.name);
  private server?: RedisEventServer;

  constructor(
    @Inject(SEMANTIC_CACHE) private readonly cache: SemanticCache,
    @Inject(ASSISTANT_SETTINGS) private readonly settings: AssistantSettings,
    @Inject(EVENTS_TRANSPORT) private readonly transport: EventsTransportOptions,
  ) {}

  onApplicationBootstrap(): void {
    const entities = this.settings.entitySources.map((source) => source.entity);
    if (entities.length === 0) return;
    const interrupted = (reason: string) =>
      this.log.warn({
        msg: 'change events interrupted; answers about entities changed meanwhile live to their TTL',
        reason,
      });
    this.server = new RedisEventServer({ ...this.transport, entities }, { interrupted });
    const invalidate = (event: ChangeEvent) => this.invalidate(event);
    for (const entity of entities)
      for (const action of EVENT_ACTIONS) this.server.addHandler(`${entity}.${action}`, invalidate, true);
    this.server.listen(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }

  private async invalidate(event: ChangeEvent): Promise<void> {
    const deleted = await this.cache.invalidateTag(`${event.entity}:${event.entityId}`);
    if (deleted > 0)
      this.log.log({ msg: 'answers invalidated', entity: event.entity, id: event.entityId, deleted });
  }
}
