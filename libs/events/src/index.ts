export {
  EVENT_SPEC_VERSION,
  DEFAULT_EVENT_PARTITIONS,
  DEFAULT_EVENTS_CHANNEL_PREFIX,
  EVENT_ENTITIES,
  EVENT_ACTIONS,
} from './events.constants';
export type {
  ChangeEvent,
  PositionedEvent,
  EventEntity,
  EventAction,
  EventType,
} from './envelope/change-event';
export {
  createChangeEvent,
  parseChangeEvent,
  validateChangeEvent,
  InvalidEventError,
  MAX_EVENT_VERSION,
} from './envelope/change-event.codec';
export { eventChannel, partitionOf, entityChannels } from './channels/event-channels';
export type { EventsTransportOptions, OutboxModuleOptions } from './events.options';
export { EventsEnv, eventsTransportFromEnv, outboxOptionsFromEnv } from './events.env';
export { RedisEventClient } from './transport/redis-event.client';
export {
  RedisEventServer,
  RedisEventContext,
  type RedisEventServerObserver,
} from './transport/redis-event.server';
export { OutboxModule } from './outbox/outbox.module';
export { Outbox } from './outbox/outbox.service';
export { OUTBOX_SCHEMA } from './outbox/outbox.schema';
export type { OutboxPage } from './outbox/outbox.feed';
export { INTERNAL_TOKEN_HEADER } from './outbox/internal-token.guard';
export { TRENDING_PRODUCTS_LIST, readsRanking } from './contract/cache-contract';
