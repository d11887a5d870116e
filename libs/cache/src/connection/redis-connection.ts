import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { REDIS_CLIENT } from '../cache.constants';
import { closeRedisClient } from './close-redis-client';
import type { RedisClient } from './redis-client.factory';

/** Owns the Redis client's lifecycle: logs connection state changes and closes it on shutdown. */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  private lastError = '';

  constructor(@Inject(REDIS_CLIENT) readonly client: RedisClient) {
    client.on('ready', () => this.logger.log({ msg: 'redis ready', status: client.status }));
    client.on('error', (error: Error) => this.logOnce(error));
    client.on('end', () => this.logger.warn({ msg: 'redis connection ended' }));
  }

  // After the HTTP server drained (Nest runs this hook after closing it), so in-flight write-throughs still land.
  onApplicationShutdown(): Promise<void> {
    return closeRedisClient(this.client);
  }

  // Reconnect loops repeat the same error many times a second; log each distinct one once.
  private logOnce(error: Error): void {
    if (error.message === this.lastError) return;
    this.lastError = error.message;
    this.logger.warn({ msg: 'redis error', err: error.message });
  }
}
