import { Logger } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { createRedisClient, type RedisClient } from '@fleetcache/cache';
import { DEFAULT_EVENT_PARTITIONS } from '../events.constants';
import type { EventsTransportOptions } from '../events.options';
import type { ChangeEvent } from '../envelope/change-event';
import { eventChannel, partitionOf } from '../channels/event-channels';

/**
 * Client proxy of the Redis sharded pub/sub transport: `emit(type, event)` SPUBLISHes the event on its partition
 * channel. Events only (no request-response): pub/sub is at-most-once, the outbox makes delivery complete.
 */
export class RedisEventClient extends ClientProxy {
  private readonly logger = new Logger(RedisEventClient.name);
  private client?: RedisClient;

  constructor(private readonly options: EventsTransportOptions) {
    super();
  }

  /** Creates the connection (lazily, once). */
  async connect(): Promise<RedisClient> {
    if (!this.client) {
      this.client = createRedisClient(this.options.redis);
      this.client.on('error', (error: Error) =>
        this.logger.debug({ msg: 'publisher redis error', err: error.message }),
      );
    }
    return this.client;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  }

  unwrap<T>(): T {
    if (!this.client) throw new Error('RedisEventClient is not connected');
    return this.client as T;
  }

  override on(): void {
    // Connection events are logged by the client itself.
  }

  /** Publishes an already serialised event (the outbox stores the exact bytes to publish). */
  async publishSerialized(event: Pick<ChangeEvent, 'entity' | 'entityId'>, payload: string): Promise<void> {
    const client = await this.connect();
    await client.spublish(this.channelOf(event), payload);
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket<ChangeEvent>): Promise<T> {
    await this.publishSerialized(packet.data, JSON.stringify(packet.data));
    return undefined as T;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({
      err: new Error('The Redis event transport carries events only; use emit()'),
      isDisposed: true,
    });
    return () => undefined;
  }

  private channelOf(event: Pick<ChangeEvent, 'entity' | 'entityId'>): string {
    const partitions = this.options.partitions ?? DEFAULT_EVENT_PARTITIONS;
    return eventChannel(this.options.prefix ?? 'fc', event.entity, partitionOf(event.entityId, partitions));
  }
}
