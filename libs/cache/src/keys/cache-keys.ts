/** Builds every cache key, so that all keys of one entity share one hash tag (design.md §3). */
export class CacheKeys {
  constructor(
    private readonly prefix: string,
    private readonly schemaVersion: string,
  ) {}

  /** The hash tag of an entity: `{user:42}`. Keys with the same tag live in the same cluster slot. */
  static tag(entity: string, id: string | number): string {
    return `{${entity}:${id}}`;
  }

  /** Key of an entity's cached value, version fence and tombstone: `fc:v1:{user:42}`. */
  entity(entity: string, id: string | number): string {
    return `${this.prefix}:${this.schemaVersion}:${CacheKeys.tag(entity, id)}`;
  }

  /** Key of the load lease of an entity (same slot as its value): `fc:v1:{user:42}:lease`. */
  lease(entity: string, id: string | number): string {
    return `${this.entity(entity, id)}:lease`;
  }

  /** Key of a derived value (a list computed from many entities): `fc:v1:{derived:trending:product}`. */
  derived(name: string): string {
    return `${this.prefix}:${this.schemaVersion}:{derived:${name}}`;
  }

  /** One shard of a ranking (sorted set); each shard has its own tag, so a ranking spreads over the slots. */
  rankShard(name: string, shard: number): string {
    return `${this.prefix}:${this.schemaVersion}:{rank:${name}:s${shard}}`;
  }

  /** Key of service metadata (e.g. the cache-warmer's replay cursors): `fc:v1:{meta:warmer-cursors}`. */
  meta(name: string): string {
    return `${this.prefix}:${this.schemaVersion}:{meta:${name}}`;
  }
}
