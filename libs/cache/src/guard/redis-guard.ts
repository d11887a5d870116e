// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- cluster-key-slot ships no types
/// <reference path="../types/cluster-key-slot.d.ts" />
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import calculateSlot from 'cluster-key-slot';
import { REDIS_CLIENT } from '../cache.constants';
import { MODULE_OPTIONS_TOKEN } from '../cache.module-definition';
import type { CacheModuleOptions } from '../cache.options';
import { DEFAULT_COMMAND_TIMEOUT_MS, isCluster, type RedisClient } from '../connection/redis-client.factory';
import { CacheMetrics } from '../metrics/cache-metrics';
import { ANY_NODE, CacheGuard, type NeutralReason, type NodeLocator } from './cache-guard';
import { guardSettings } from './guard-settings';

/**
 * Cluster replies that say "not here, not now" about a slot, not that its master failed: the reply itself, or
 * ioredis's error once it ran out of redirections ("Too many Cluster redirections. Last error: …").
 */
const REDIRECTION =
  /^(Too many Cluster redirections\. Last error: (\w+: )?)?(MOVED|ASK|TRYAGAIN|CLUSTERDOWN)\b/;

/** The Redis master serving a key: by its slot on a cluster, one node for everything on a single server. */
export class RedisNodeLocator implements NodeLocator {
  constructor(private readonly redis: RedisClient) {}

  nodeOf(key: string | undefined): string {
    if (key === undefined || !isCluster(this.redis)) return ANY_NODE;
    return this.redis.slots[calculateSlot(key)]?.[0] ?? ANY_NODE;
  }

  liveNodes(): ReadonlySet<string> | undefined {
    if (!isCluster(this.redis) || this.redis.slots.length === 0) return undefined;
    return new Set(this.redis.slots.map((owners) => owners?.[0]));
  }

  neutralReason(error: unknown): NeutralReason | undefined {
    return REDIRECTION.test(String((error as Error | null)?.message ?? error)) ? 'redirect' : undefined;
  }
}

/**
 * The fail-open guard of every Redis call ({@link CacheGuard}), with one circuit per Redis master. ioredis times
 * out each command a node connection sends, but a command the cluster client holds or retries (reconnecting,
 * refreshing slots, CLUSTERDOWN/TRYAGAIN/MOVED during a failover) can take far longer: the budget, twice the
 * command timeout, bounds every call.
 */
@Injectable()
export class RedisGuard extends CacheGuard implements OnApplicationShutdown {
  constructor(
    @Inject(MODULE_OPTIONS_TOKEN) options: CacheModuleOptions,
    @Inject(REDIS_CLIENT) redis: RedisClient,
    metrics: CacheMetrics,
  ) {
    const commandTimeoutMs = options.redis.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    super(
      'redis',
      guardSettings(options.circuitBreaker, commandTimeoutMs),
      new RedisNodeLocator(redis),
      metrics,
    );
  }

  onApplicationShutdown(): void {
    this.stop();
  }
}
