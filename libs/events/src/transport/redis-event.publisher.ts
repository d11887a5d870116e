import { Logger } from '@nestjs/common';
import { CircuitBreaker, closeRedisClient, createRedisClient, type RedisClient } from '@fleetcache/cache';
import { withTimeout } from '@fleetcache/core';
import { DEFAULT_EVENT_PARTITIONS, DEFAULT_EVENTS_CHANNEL_PREFIX } from '../events.constants';
import type { EventsTransportOptions } from '../events.options';
import type { ChangeEvent } from '../envelope/change-event';
import { eventChannel, partitionOf } from '../channels/event-channels';

/** Longest a publish waits for the first connection of the publisher; later it never waits for a connection. */
const FIRST_CONNECT_WAIT_MS = 2000;

/** Raised instead of publishing when Redis is not connected or the publisher's circuit is open. */
export class PublisherUnavailableError extends Error {
  constructor(reason: string) {
    super(`event publisher unavailable: ${reason}`);
    this.name = 'PublisherUnavailableError';
  }
}

/**
 * Publisher of the Redis sharded pub/sub transport: `publish(event)` SPUBLISHes the event on its partition channel.
 * Events only (no request-response): pub/sub is at-most-once, the outbox makes delivery complete.
 * During an outage nothing piles up here: a publish fails at once when the client is not connected (no offline
 * queue) or its circuit breaker is open, and the caller (the outbox relay) keeps the row and retries later.
 */
export class RedisEventPublisher {
  private readonly logger = new Logger(RedisEventPublisher.name);
  private readonly breaker = new CircuitBreaker(5, 2000);
  private client?: RedisClient;
  /** Resolves once the client was ready for the first time (what publishes wait for, at start only). */
  private firstReady?: Promise<void>;
  private everReady = false;

  constructor(private readonly options: EventsTransportOptions) {}

  /** Creates the connection (lazily, once). */
  async connect(): Promise<RedisClient> {
    if (!this.client) {
      this.everReady = false;
      const client = createRedisClient(this.options.redis, {
        enableOfflineQueue: false,
        clusterAutoPipelining: this.options.redis.autoPipelining ?? true,
      });
      this.client = client;
      this.firstReady = new Promise<void>((resolve) =>
        client.once('ready', () => {
          this.everReady = true;
          resolve();
        }),
      );
      this.client.on('error', (error: Error) =>
        this.logger.debug({ msg: 'publisher redis error', err: error.message }),
      );
    }
    return this.client;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await closeRedisClient(client);
  }

  /** Publishes `event` (serialised here). */
  publish(event: ChangeEvent): Promise<void> {
    return this.publishSerialized(event, JSON.stringify(event));
  }

  /** Publishes an already serialised event (the outbox stores the exact bytes to publish). */
  async publishSerialized(event: Pick<ChangeEvent, 'entity' | 'entityId'>, payload: string): Promise<void> {
    if (!this.breaker.allow()) throw new PublisherUnavailableError('circuit open after repeated failures');
    try {
      const client = await this.connected();
      await client.spublish(this.channelOf(event), payload);
      this.breaker.success();
    } catch (error) {
      this.breaker.failure();
      throw error;
    }
  }

  /** The client once it is ready: waits (bounded) only for the very first connection, otherwise fails at once. */
  private async connected(): Promise<RedisClient> {
    const client = await this.connect();
    if (client.status === 'ready') return client;
    if (this.everReady) throw new PublisherUnavailableError(`redis ${client.status}`);
    await withTimeout(this.firstReady!, FIRST_CONNECT_WAIT_MS, 'event publisher connection');
    return client;
  }

  private channelOf(event: Pick<ChangeEvent, 'entity' | 'entityId'>): string {
    const partitions = this.options.partitions ?? DEFAULT_EVENT_PARTITIONS;
    return eventChannel(
      this.options.prefix ?? DEFAULT_EVENTS_CHANNEL_PREFIX,
      event.entity,
      partitionOf(event.entityId, partitions),
    );
  }
}
