export {
  EVENT_SPEC_VERSION,
  DEFAULT_EVENT_PARTITIONS,
  DEFAULT_EVENTS_CHANNEL_PREFIX,
  EVENT_ACTIONS,
  INTERNAL_TOKEN_HEADER,
} from './events.constants';
export type {
  ChangeEvent,
  PositionedEvent,
  ReplayPage,
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
export type { EventsTransportOptions } from './events.options';
export { EventsEnv, eventsTransportFromEnv } from './events.env';
export { RedisEventPublisher } from './transport/redis-event.publisher';
export { RedisEventServer, type RedisEventServerObserver } from './transport/redis-event.server';
export { readsRanking } from './contract/cache-contract';
export { InternalTokenGuard, INTERNAL_TOKENS } from './auth/internal-token.guard';
