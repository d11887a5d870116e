import type { CacheGuard, RedisClient } from '@fleetcache/cache';
import type { SemanticKeys } from '../keys/semantic-keys';
import {
  decodeVector,
  encodeVector,
  parseEntryDoc,
  quantizeVector,
  type SemanticEntry,
  type StoredEntry,
} from './semantic-entry';
import { defineSemanticScripts } from './semantic-scripts';

/** How long a tag's generation outlives its last invalidation, ms (longer than any model call). */
const TAG_GENERATION_KEEP_MS = 86_400_000;

/** How a prompt's claim on the model came out: lead (call it), wait for another prompt's call, or already answered. */
export type Claim = { kind: 'lead' | 'wait' | 'filled'; entryId: string };

/** What a waiter saw of the entry it waits for. */
export type PollResult = { kind: 'filled'; entry: StoredEntry } | { kind: 'pending' } | { kind: 'gone' };

/** Where a write went and what it pushed out. */
export interface StoreOptions {
  ttlMs: number;
  maxEntries: number;
  leaseToken: string;
}

/**
 * The semantic cache's Redis operations, each one command or script on one slot, each through the fail-open guard:
 * a failed read is "nothing there", a failed write is skipped. Keys come from {@link SemanticKeys} only.
 */
export class EntryStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly guard: CacheGuard,
    private readonly keys: SemanticKeys,
  ) {
    defineSemanticScripts(redis);
  }

  /** The entry, or undefined (absent, unreadable, or Redis failing). */
  async read(partition: string, entryId: string): Promise<StoredEntry | undefined> {
    const key = this.keys.entry(partition, entryId);
    const fields = await this.guard.run('semantic_read', () => this.redis.hgetall(key), {}, key);
    return toStored(partition, entryId, fields);
  }

  /** Writes an entry; returns the ids its partition evicted ([] when Redis failed: the answer is just not cached). */
  async write(
    partition: string,
    entryId: string,
    entry: SemanticEntry,
    vector: Float32Array,
    options: StoreOptions,
  ): Promise<string[] | undefined> {
    const key = this.keys.entry(partition, entryId);
    const args = [
      entryId,
      JSON.stringify(entry),
      encodeVector(vector),
      options.ttlMs,
      Date.now(),
      options.maxEntries,
      this.keys.entryPrefix(partition),
      options.leaseToken,
    ];
    const evicted = await this.guard.run(
      'semantic_write',
      () => this.redis.fcSemStore(key, this.keys.recency(partition), this.keys.leases(partition), ...args),
      undefined,
      key,
    );
    if (!evicted) return undefined;
    await this.listed(partition, entryId, entry.tags, options.ttlMs);
    return evicted;
  }

  /** Lists the partition (for the rebuild) and the entry under each of its tags (for invalidation). */
  private async listed(
    partition: string,
    entryId: string,
    tags: readonly string[],
    ttlMs: number,
  ): Promise<void> {
    const partitions = this.keys.partitions();
    await this.guard.run(
      'semantic_partitions',
      () => this.redis.zadd(partitions, Date.now(), partition),
      0,
      partitions,
    );
    for (const tag of tags) {
      const tagKey = this.keys.tag(tag);
      // The set lives as long as its longest-lived entry: NX sets a first expiry, GT only ever extends it.
      const tagging = () =>
        this.redis
          .multi()
          .sadd(tagKey, `${partition}/${entryId}`)
          .pexpire(tagKey, ttlMs, 'NX')
          .pexpire(tagKey, ttlMs, 'GT')
          .exec();
      await this.guard.run('semantic_tag', tagging, null, tagKey);
    }
  }

  /** Counts a hit (hits, last hit, recency); false when the entry is gone. */
  async touch(partition: string, entryId: string): Promise<boolean> {
    const key = this.keys.entry(partition, entryId);
    const touched = await this.guard.run(
      'semantic_touch',
      () => this.redis.fcSemTouch(key, this.keys.recency(partition), entryId, String(Date.now())),
      0,
      key,
    );
    return touched === 1;
  }

  /** Deletes an entry; true when it existed. */
  async delete(partition: string, entryId: string): Promise<boolean> {
    const key = this.keys.entry(partition, entryId);
    const deleted = await this.guard.run(
      'semantic_delete',
      () => this.redis.fcSemDelete(key, this.keys.recency(partition), entryId),
      0,
      key,
    );
    return deleted === 1;
  }

  /** The `partition/entry` members tagged `tag`; forgets them and moves the tag's generation on (one script). */
  async takeTagged(tag: string): Promise<{ partition: string; entryId: string }[]> {
    const key = this.keys.tag(tag);
    const generation = this.keys.tagGeneration(tag);
    const members = await this.guard.run(
      'semantic_tag',
      () => this.redis.fcSemTakeTag(key, generation, String(TAG_GENERATION_KEEP_MS)),
      [],
      key,
    );
    return members.flatMap((member) => {
      const [partition, entryId] = member.split('/');
      return partition && entryId ? [{ partition, entryId }] : [];
    });
  }

  /**
   * The generations of some tags (what invalidation moves on), read before a model call uses their records; '?'
   * for a tag whose generation could not be read (it then never compares equal: the answer is not kept).
   */
  async tagGenerations(tags: readonly string[]): Promise<string[]> {
    return Promise.all(
      tags.map(async (tag) => {
        const key = this.keys.tagGeneration(tag);
        const generation = await this.guard.run('semantic_tag', () => this.redis.get(key), undefined, key);
        return generation === undefined ? '?' : (generation ?? '0');
      }),
    );
  }

  /** Claims the model call for a prompt (see the claim script); `lead` too when Redis fails (fail open). */
  async claim(
    partition: string,
    entryId: string,
    token: string,
    vector: Float32Array,
    signature: string,
    threshold: number,
    leaseTtlMs: number,
  ): Promise<Claim> {
    const key = this.keys.entry(partition, entryId);
    const args = [entryId, token, quantizeVector(vector), signature, threshold, Date.now(), leaseTtlMs];
    const reply = await this.guard.run(
      'semantic_claim',
      () => this.redis.fcSemClaim(key, this.keys.leases(partition), ...args),
      undefined,
      key,
    );
    if (!reply) return { kind: 'lead', entryId };
    return { kind: reply[0] as Claim['kind'], entryId: String(reply[1]) };
  }

  /** Extends the lease while the model runs (`expiresAt`), or releases it (0). */
  async updateLease(
    partition: string,
    entryId: string,
    token: string,
    expiresAt: number,
    leaseTtlMs: number,
  ): Promise<void> {
    const key = this.keys.leases(partition);
    await this.guard.run(
      'semantic_lease',
      () => this.redis.fcSemLeaseUpdate(key, entryId, token, String(expiresAt), String(leaseTtlMs)),
      0,
      key,
    );
  }

  /** What a waiter sees of the entry it waits for; `gone` when Redis fails (the waiter then calls the model). */
  async poll(partition: string, entryId: string): Promise<PollResult> {
    const key = this.keys.entry(partition, entryId);
    const reply = await this.guard.run(
      'semantic_poll',
      () => this.redis.fcSemPoll(key, this.keys.leases(partition), entryId, String(Date.now())),
      ['gone'],
      key,
    );
    if (reply[0] === 'pending' || reply[0] === 'gone') return { kind: reply[0] };
    const entry = toStored(partition, entryId, { doc: reply[0] ?? '', vec: reply[1] ?? '' });
    return entry ? { kind: 'filled', entry } : { kind: 'gone' };
  }

  /**
   * Every partition written to within `lifetimeMs` (what an instance indexes); older ones, whose entries have all
   * expired, are dropped from the list. Undefined when Redis did not answer.
   */
  async partitions(lifetimeMs: number): Promise<string[] | undefined> {
    const key = this.keys.partitions();
    const oldest = String(Date.now() - lifetimeMs);
    await this.guard.run(
      'semantic_scan',
      () => this.redis.zremrangebyscore(key, '-inf', `(${oldest}`),
      0,
      key,
    );
    return this.guard.run('semantic_scan', () => this.redis.zrange(key, '0', '-1'), undefined, key);
  }

  /** The entry ids of a partition, by recency; undefined when Redis did not answer. */
  async entryIds(partition: string): Promise<string[] | undefined> {
    const key = this.keys.recency(partition);
    return this.guard.run('semantic_scan', () => this.redis.zrange(key, '0', '-1'), undefined, key);
  }

  /** The vectors of some entries of a partition (absent ones are left out; the caller forgets them). */
  async vectors(partition: string, entryIds: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    await Promise.all(
      entryIds.map(async (entryId) => {
        const key = this.keys.entry(partition, entryId);
        const encoded = await this.guard.run('semantic_scan', () => this.redis.hget(key, 'vec'), null, key);
        const vector = decodeVector(encoded);
        if (vector.length > 0) found.set(entryId, vector);
      }),
    );
    return found;
  }

  /** Drops ids whose entry expired from a partition's recency set. */
  async forget(partition: string, entryIds: readonly string[]): Promise<void> {
    if (entryIds.length === 0) return;
    const key = this.keys.recency(partition);
    await this.guard.run('semantic_scan', () => this.redis.zrem(key, ...entryIds), 0, key);
  }
}

function toStored(
  partition: string,
  entryId: string,
  fields: Record<string, string>,
): StoredEntry | undefined {
  const entry = parseEntryDoc(fields['doc']);
  const vector = decodeVector(fields['vec']);
  if (!entry || vector.length === 0) return undefined;
  return {
    ...entry,
    entryId,
    partition,
    vector,
    hits: Number(fields['hits'] ?? 0),
    lastHitAt: Number(fields['lastHit'] ?? entry.createdAt),
  };
}
