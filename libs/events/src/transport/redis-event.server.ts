import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { closeRedisClient, createRedisClient, isCluster, type RedisClient } from '@fleetcache/cache';
import { isObservable, lastValueFrom } from 'rxjs';
import { entityChannels } from '../channels/event-channels';
import { InvalidEventError, parseChangeEvent } from '../envelope/change-event.codec';
import type { ChangeEvent, EventEntity } from '../envelope/change-event';
import { DEFAULT_EVENT_PARTITIONS, DEFAULT_EVENTS_CHANNEL_PREFIX } from '../events.constants';
import type { EventsTransportOptions } from '../events.options';

/** What the server tells its owner besides routing events to handlers. */
export interface RedisEventServerObserver {
  /** A message that is not a valid event (it is dropped; the consumer keeps running). */
  invalid?(channel: string, error: unknown): void;
  /** A valid event of a handled type arrived (before its handler runs). */
  received?(event: ChangeEvent): void;
  /** The subscription may have missed messages (a shard's subscriber dropped or reconnected). */
  interrupted?(reason: string): void;
  /** Every channel is subscribed (once, when the first SSUBSCRIBEs have all succeeded): no event is missed from now on. */
  subscribed?(): void;
}

/**
 * Custom transport strategy: subscribes (SSUBSCRIBE) to every partition channel of the given entity types on
 * Redis Cluster sharded pub/sub and routes each valid event to the handler of its type (`addHandler(type, …)` or
 * an `@EventPattern(type)`); a valid event of a type without a handler is reported as invalid.
 * ioredis re-subscribes after failover and reconnect; every interruption is reported so the owner can replay.
 */
export class RedisEventServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(RedisEventServer.name);
  private subscriber?: RedisClient;

  constructor(
    private readonly options: EventsTransportOptions & { entities: EventEntity[] },
    private readonly observer: RedisEventServerObserver = {},
  ) {
    super();
  }

  /** Subscribes and calls `callback` without waiting for Redis: events missed meanwhile are replayed by the owner. */
  listen(callback: () => void): void {
    const subscriber = createRedisClient(
      { ...this.options.redis, autoPipelining: false },
      { shardedSubscribers: true },
    );
    this.subscriber = subscriber;
    subscriber.on('smessage', (channel: string, message: string) => void this.onMessage(channel, message));
    subscriber.on('error', (error: Error) =>
      this.log.debug({ msg: 'subscriber redis error', err: error.message }),
    );
    for (const event of isCluster(subscriber)
      ? ['-subscriber', 'subscriberConnectFailed']
      : ['reconnecting']) {
      subscriber.on(event, () => this.observer.interrupted?.(event));
    }
    let subscribedOnce = false;
    // Slots moved (resharding): Redis unsubscribed the channels of the moved slots and ioredis subscribed them again
    // on their new owner once it refreshed its slot map. Messages published in between were lost: say so, when the
    // window closes, so the owner replays (and clears its near-cache) after it.
    subscriber.on('subscribersReady', () => subscribedOnce && this.observer.interrupted?.('resubscribed'));
    const subscriptions = this.channels().map((channel) =>
      subscriber.ssubscribe(channel).then(
        () => true,
        (error: Error) => {
          this.log.warn({
            msg: 'ssubscribe failed, relying on replay until the next resubscription',
            channel,
            err: error.message,
          });
          this.observer.interrupted?.('ssubscribe failed');
          return false;
        },
      ),
    );
    void Promise.all(subscriptions).then((done) => {
      subscribedOnce = true;
      if (done.every(Boolean)) this.observer.subscribed?.();
    });
    callback();
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await closeRedisClient(subscriber, { drain: false });
  }

  unwrap<T>(): T {
    return this.subscriber as T;
  }

  on(): void {
    // Connection state is reported through the observer.
  }

  /** All channels this server subscribes to. */
  channels(): string[] {
    const partitions = this.options.partitions ?? DEFAULT_EVENT_PARTITIONS;
    return this.options.entities.flatMap((entity) =>
      entityChannels(this.options.prefix ?? DEFAULT_EVENTS_CHANNEL_PREFIX, entity, partitions),
    );
  }

  private async onMessage(channel: string, message: string): Promise<void> {
    let event: ChangeEvent;
    try {
      event = parseChangeEvent(message);
    } catch (error) {
      this.observer.invalid?.(channel, error);
      return;
    }
    const handler = this.options.entities.includes(event.entity)
      ? this.getHandlerByPattern(event.type)
      : undefined;
    if (!handler) {
      // A well-formed event of a type this server was not given (forged, or from a newer fleet): invalid here.
      this.observer.invalid?.(channel, new InvalidEventError(`no handler for event type "${event.type}"`));
      return;
    }
    this.observer.received?.(event);
    try {
      const result = await handler(event, new BaseRpcContext([channel]));
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    } catch (error) {
      this.log.error({ msg: 'event handler failed', type: event.type, id: event.id, err: String(error) });
    }
  }
}
