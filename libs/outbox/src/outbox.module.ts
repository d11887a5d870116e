import { Module } from '@nestjs/common';
import type { OutboxModuleOptions } from './outbox.options';
import { INTERNAL_TOKENS, InternalTokenGuard, RedisEventPublisher } from '@fleetcache/events';
import { OutboxFeedController } from './outbox-feed.controller';
import { OutboxFeed } from './outbox.feed';
import { Outbox } from './outbox.service';
import { OutboxMetrics } from './outbox.metrics';
import { OUTBOX_OPTIONS, OUTBOX_PUBLISHER, OutboxModuleClass } from './outbox.module-definition';
import { OutboxRelay } from './outbox.relay';

/**
 * Transactional outbox of one service: {@link Outbox} to append events in a transaction, the relay that publishes
 * them over Redis sharded pub/sub, and `GET /internal/events` for replay. Needs TypeORM with {@link OUTBOX_SCHEMA}.
 */
@Module({
  controllers: [OutboxFeedController],
  providers: [
    {
      provide: OUTBOX_PUBLISHER,
      inject: [OUTBOX_OPTIONS],
      useFactory: (options: OutboxModuleOptions) => new RedisEventPublisher(options),
    },
    OutboxMetrics,
    OutboxRelay,
    Outbox,
    OutboxFeed,
    {
      provide: INTERNAL_TOKENS,
      inject: [OUTBOX_OPTIONS],
      useFactory: (options: OutboxModuleOptions) => options.internalTokens,
    },
    InternalTokenGuard,
  ],
  exports: [Outbox],
})
export class OutboxModule extends OutboxModuleClass {}
