import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { closeRedisClient, type CacheGuard, type RedisClient } from '@fleetcache/cache';
import type { SemanticKeys } from '../keys/semantic-keys';
import type { PartitionIndexes } from '../index/partition-indexes';
import type { EntryStore } from '../store/entry-store';
import { decodeVector, encodeVector } from '../store/semantic-entry';

/** Sharded channels the index changes are spread over. */
export const INDEX_CHANNELS = 8;
/** Entries whose vectors are read per round trip while loading the index. */
const LOAD_BATCH = 500;

/** One change of a partition's entries, as published: an entry added (with its vector) or removed. */
interface IndexChange {
  op: 'upsert' | 'remove';
  partition: string;
  entryIds: string[];
  vector?: string;
  from: string;
}

/**
 * Keeps this instance's nearest-neighbour indexes equal to Redis, like the near-cache is kept: every write and
 * removal is published on Redis sharded pub/sub and applied by every instance; at start, after a subscription was
 * interrupted, and every `resyncMs`, the indexes are reconciled with the partitions' recency sets in Redis (cheap:
 * ids only; vectors are read for entries not yet indexed). An index that is behind costs a miss, never a wrong
 * answer: every candidate is read back from Redis before it answers.
 */
export class IndexSync {
  private readonly log = new Logger(IndexSync.name);
  private readonly instance = randomUUID();
  private timer?: NodeJS.Timeout;
  private reconciling?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly subscriber: RedisClient | undefined,
    private readonly guard: CacheGuard,
    private readonly keys: SemanticKeys,
    private readonly store: EntryStore,
    private readonly indexes: PartitionIndexes,
    private readonly resyncMs: number,
    /** How long after its last write a partition can still hold entries (the longest TTL), ms. */
    private readonly partitionLifetimeMs: number,
  ) {}

  /** Subscribes, loads the indexes from Redis, and schedules the reconciliation. */
  async start(): Promise<void> {
    // Subscribed before the load, so no change falls between the two (a subscription that takes longer than
    // SUBSCRIBE_WAIT_MS, Redis being down, is left to finish on its own and to the reconciliation).
    if (this.subscriber) await within(this.subscribe(this.subscriber), SUBSCRIBE_WAIT_MS);
    await this.reconcile();
    if (this.resyncMs > 0) {
      this.timer = setInterval(() => void this.reconcile(), this.resyncMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.reconciling;
    if (this.subscriber) await closeRedisClient(this.subscriber, { drain: false });
  }

  /** Tells every instance an entry was added (this one has indexed it already). */
  async published(partition: string, entryId: string, vector: Float32Array): Promise<void> {
    await this.publish({
      op: 'upsert',
      partition,
      entryIds: [entryId],
      vector: encodeVector(vector),
      from: this.instance,
    });
  }

  /** Tells every instance entries are gone. */
  async removed(partition: string, entryIds: string[]): Promise<void> {
    if (entryIds.length > 0) await this.publish({ op: 'remove', partition, entryIds, from: this.instance });
  }

  /** Makes the indexes equal to Redis's recency sets (one run at a time). */
  reconcile(): Promise<void> {
    this.reconciling ??= this.reconcileOnce().finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const partitions = await this.store.partitions(this.partitionLifetimeMs);
    if (!partitions) return; // Redis did not answer: keep what is indexed
    const known = new Set(partitions);
    for (const partition of this.indexes.partitionIds()) {
      if (!known.has(partition))
        for (const id of this.indexes.entryIds(partition)) this.indexes.remove(partition, id);
    }
    for (const partition of partitions) {
      if (this.stopped) return;
      await this.reconcilePartition(partition);
    }
  }

  private async reconcilePartition(partition: string): Promise<void> {
    const stored = await this.store.entryIds(partition);
    if (!stored) return;
    const storedSet = new Set(stored);
    for (const id of this.indexes.entryIds(partition))
      if (!storedSet.has(id)) this.indexes.remove(partition, id);
    const missing = stored.filter((id) => !this.indexes.has(partition, id));
    for (let i = 0; i < missing.length; i += LOAD_BATCH) {
      const batch = missing.slice(i, i + LOAD_BATCH);
      const vectors = await this.store.vectors(partition, batch);
      for (const [id, vector] of vectors) this.indexes.upsert(partition, id, vector);
      await this.store.forget(
        partition,
        batch.filter((id) => !vectors.has(id)),
      );
    }
  }

  private async publish(change: IndexChange): Promise<void> {
    const channel = this.keys.channel(shardOf(change.partition));
    await this.guard.run(
      'semantic_publish',
      () => this.redis.spublish(channel, JSON.stringify(change)),
      0,
      channel,
    );
  }

  private subscribe(subscriber: RedisClient): Promise<unknown> {
    subscriber.on('smessage', (_channel: string, message: string) => this.apply(message));
    subscriber.on('error', (error: Error) =>
      this.log.debug({ msg: 'index subscriber error', err: error.message }),
    );
    // Messages published while a shard's subscription was down are lost: reconcile once it is back.
    subscriber.on('subscribersReady', () => void this.reconcile());
    const shards = Array.from({ length: INDEX_CHANNELS }, (_, shard) =>
      subscriber.ssubscribe(this.keys.channel(shard)).catch((error: Error) => {
        this.log.warn({
          msg: 'index ssubscribe failed; the periodic reconciliation covers it',
          err: error.message,
        });
      }),
    );
    return Promise.all(shards);
  }

  private apply(message: string): void {
    let change: IndexChange;
    try {
      change = JSON.parse(message) as IndexChange;
    } catch {
      return;
    }
    if (
      change.from === this.instance ||
      typeof change.partition !== 'string' ||
      !Array.isArray(change.entryIds)
    )
      return;
    if (change.op === 'remove')
      for (const id of change.entryIds) this.indexes.remove(change.partition, String(id));
    if (change.op === 'upsert' && change.entryIds.length === 1) {
      const vector = decodeVector(change.vector);
      if (vector.length > 0) this.indexes.upsert(change.partition, String(change.entryIds[0]), vector);
    }
  }
}

/** Longest the start waits for the index subscriptions, ms. */
const SUBSCRIBE_WAIT_MS = 3000;

/** Resolves when `work` does or after `ms`, whichever is first. */
function within(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The channel of a partition's changes. */
function shardOf(partition: string): number {
  let hash = 0;
  for (let i = 0; i < partition.length; i++) hash = (hash * 31 + partition.charCodeAt(i)) >>> 0;
  return hash % INDEX_CHANNELS;
}
