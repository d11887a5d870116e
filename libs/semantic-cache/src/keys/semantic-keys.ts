import { DEFAULT_KEY_PREFIX } from '@fleetcache/cache';

/** Schema version of the semantic cache's keys; bump it when an entry's stored shape changes. */
export const SEMANTIC_SCHEMA_VERSION = 'v1';

/**
 * Builds every key of the semantic cache. All keys of one partition share its hash tag (`{sem:<partition>}`), so an
 * entry, the partition's least-recently-hit order and its in-flight leases are in one slot and one script updates
 * them together; partitions spread over the slots. A tag's members and the list of partitions have their own tags.
 */
export class SemanticKeys {
  constructor(private readonly prefix: string = DEFAULT_KEY_PREFIX) {}

  /** The hash of one entry: `fc:sem1:{sem:<partition>}:e:<entry>`. */
  entry(partition: string, entryId: string): string {
    return `${this.base(partition)}:e:${entryId}`;
  }

  /** The prefix of a partition's entry keys (the store script deletes evicted entries under it, same slot). */
  entryPrefix(partition: string): string {
    return `${this.base(partition)}:e:`;
  }

  /** Sorted set of a partition's entries by last hit (ms): eviction pops the least recently hit. */
  recency(partition: string): string {
    return `${this.base(partition)}:lru`;
  }

  /** Hash of a partition's in-flight model calls (leases), each with its prompt's vector and signature. */
  leases(partition: string): string {
    return `${this.base(partition)}:leases`;
  }

  /** Set of `<partition>/<entry>` tagged with `tag` (e.g. `product:42`), for invalidation by tag. */
  tag(tag: string): string {
    return `${this.prefix}:sem${SEMANTIC_SCHEMA_VERSION.slice(1)}:{semtag:${tag}}`;
  }

  /** Counter moved on by every invalidation of `tag` (same hash tag as its set). */
  tagGeneration(tag: string): string {
    return `${this.tag(tag)}:gen`;
  }

  /** Sorted set of every partition that holds entries, by last write (ms): what an instance loads at start. */
  partitions(): string {
    return `${this.prefix}:sem${SEMANTIC_SCHEMA_VERSION.slice(1)}:{sem-partitions}`;
  }

  /** Sharded pub/sub channel `shard` of the index changes; a partition's changes go to one of them by its hash. */
  channel(shard: number): string {
    return `${this.prefix}:sem${SEMANTIC_SCHEMA_VERSION.slice(1)}:events:{semev:${shard}}`;
  }

  private base(partition: string): string {
    return `${this.prefix}:sem${SEMANTIC_SCHEMA_VERSION.slice(1)}:{sem:${partition}}`;
  }
}
