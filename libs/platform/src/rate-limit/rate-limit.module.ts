import { Module, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { RateLimitCounters } from '@fleetcache/cache';
import type { FastifyRequest } from 'fastify';
import { SERVICE_ENV } from '../config/service-config.constants';
import { isWriteMethod } from '../http/methods';
import { ClientRateLimitGuard } from './client-rate-limit.guard';
import type { RateLimitEnv } from './rate-limit.env';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** The two limits of a client: all its requests, and (stricter) its writes. */
export function rateLimitOptions(env: RateLimitEnv, storage: RedisThrottlerStorage): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'default', ttl: env.RATE_LIMIT_WINDOW_MS, limit: env.RATE_LIMIT_REQUESTS },
      {
        name: 'writes',
        ttl: env.RATE_LIMIT_WINDOW_MS,
        limit: env.RATE_LIMIT_WRITES,
        skipIf: (context: ExecutionContext) =>
          !isWriteMethod(context.switchToHttp().getRequest<FastifyRequest>().method),
      },
    ],
    storage,
  };
}

/**
 * Per-client rate limits on every route of the public port (see ClientRateLimitGuard), from RateLimitEnv. Imported
 * only when RATE_LIMIT_ENABLED: switched off, requests pay nothing for it.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [SERVICE_ENV, RateLimitCounters],
      useFactory: (env: RateLimitEnv, counters: RateLimitCounters) =>
        rateLimitOptions(env, new RedisThrottlerStorage(counters)),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ClientRateLimitGuard }],
})
export class RateLimitModule {}
