import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DEFAULT_RANKING_KEEP_PER_SHARD, DEFAULT_RANKING_TRIM_MS, REDIS_CLIENT } from '../cache.constants';
import { MODULE_OPTIONS_TOKEN } from '../cache.module-definition';
import type { CacheModuleOptions } from '../cache.options';
import { pipelinePerNode, type BatchCommand } from '../batch/pipeline-per-node';
import type { RedisClient } from '../connection/redis-client.factory';
import { RedisGuard } from '../guard/redis-guard';
import { CacheKeys } from '../keys/cache-keys';
import { CacheMetrics } from '../metrics/cache-metrics';

/** How often aggregated ranking counts are flushed to Redis, ms. */
const RANKING_FLUSH_MS = 1000;

/** One ranked entity id and its (estimated) count. */
export interface Ranked {
  id: number;
  score: number;
}

/**
 * Rankings (view counts, hot keys) in sharded sorted sets: id mod S picks the shard, each shard has its own hash
 * tag, so no ranking concentrates on one slot. Counts are aggregated in process and flushed in batches (one script
 * call per shard, one pipeline per master) every `flushMs`: recording never adds a Redis round trip to a read.
 * The shards carry no TTL (Redis's volatile-lru eviction never takes them); instead every `trimMs` each shard of
 * the rankings this process records is cut to its `keepPerShard` highest members, so they cannot grow without bound.
 * Redis only, whatever CACHE_ENGINE says: Memcached has no sorted sets.
 */
@Injectable()
export class Rankings implements BeforeApplicationShutdown {
  private pending = new Map<string, Map<number, number>>();
  private timer?: NodeJS.Timeout;
  private readonly shards: number;
  private readonly flushMs: number;
  private readonly keepPerShard: number;
  private readonly recorded = new Set<string>();
  private readonly trimmer: NodeJS.Timeout;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(MODULE_OPTIONS_TOKEN) options: CacheModuleOptions,
    private readonly keys: CacheKeys,
    private readonly guard: RedisGuard,
    private readonly metrics: CacheMetrics,
  ) {
    this.shards = options.rankingShards ?? 16;
    this.flushMs = RANKING_FLUSH_MS;
    this.keepPerShard = options.rankingKeepPerShard ?? DEFAULT_RANKING_KEEP_PER_SHARD;
    this.trimmer = setInterval(() => void this.trim(), options.rankingTrimMs ?? DEFAULT_RANKING_TRIM_MS);
    this.trimmer.unref();
  }

  /** Counts one occurrence of `id` in ranking `name`; with `sampleRate` < 1 only that share is kept, weighted up. */
  record(name: string, id: number, sampleRate = 1): void {
    if (sampleRate < 1 && Math.random() >= sampleRate) return;
    let counts = this.pending.get(name);
    if (!counts) {
      this.pending.set(name, (counts = new Map()));
      this.recorded.add(name);
    }
    counts.set(id, (counts.get(id) ?? 0) + (sampleRate < 1 ? 1 / sampleRate : 1));
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** Sends the aggregated counts now: one script call per shard, one pipeline per master. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    const byShard = new Map<string, (string | number)[]>();
    for (const [name, counts] of batch) {
      for (const [id, n] of counts) {
        const key = this.keys.rankShard(name, id % this.shards);
        const pairs = byShard.get(key);
        if (pairs) pairs.push(id, n);
        else byShard.set(key, [id, n]);
      }
    }
    const keys = [...byShard.keys()];
    const commands = keys.map((key): BatchCommand => ['fcRankIncrement', key, ...(byShard.get(key) ?? [])]);
    if (keys.length > 0)
      await pipelinePerNode(this.redis, this.guard, this.metrics, 'rank-flush', keys, commands);
  }

  /** The top `n` of ranking `name` across all shards, highest first. Empty when Redis is unavailable. */
  async top(name: string, n: number): Promise<Ranked[]> {
    const keys = Array.from({ length: this.shards }, (_, s) => this.keys.rankShard(name, s));
    const commands = keys.map((key): BatchCommand => ['zrevrange', key, 0, n - 1, 'WITHSCORES']);
    const replies = await pipelinePerNode(this.redis, this.guard, this.metrics, 'rank-top', keys, commands);
    return replies
      .flatMap(toRanked)
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, n);
  }

  /** Cuts every shard of the rankings recorded here to its `keepPerShard` highest members. */
  async trim(): Promise<void> {
    const keys = [...this.recorded].flatMap((name) =>
      Array.from({ length: this.shards }, (_, s) => this.keys.rankShard(name, s)),
    );
    const commands = keys.map((key): BatchCommand => ['zremrangebyrank', key, 0, -(this.keepPerShard + 1)]);
    if (keys.length > 0)
      await pipelinePerNode(this.redis, this.guard, this.metrics, 'rank-trim', keys, commands);
  }

  /** Flushes the last counts while Redis is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.trimmer);
    await this.flush();
  }
}

/** Decodes ZREVRANGE WITHSCORES in either shape: flat [m, s, …] (RESP2) or pairs [[m, s], …] (RESP3). */
function toRanked(reply: unknown): Ranked[] {
  if (!Array.isArray(reply)) return [];
  const pairs = reply.length > 0 && Array.isArray(reply[0]) ? (reply as unknown[][]) : chunk(reply);
  return pairs.map(([member, score]) => ({ id: Number(member), score: Number(score) }));
}

function chunk(flat: unknown[]): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}
