/**
 * Schema version of the keys (`fc:v2:…`). v2: an entity is one string with a version header (v1: a hash). Bump it
 * when a cached shape changes; see "Upgrading" in the README for running two versions side by side.
 */
export const DEFAULT_SCHEMA_VERSION = 'v2';

/** Key prefix shared by all services of one deployment. */
export const DEFAULT_KEY_PREFIX = 'fc';

/** Builds every cache key, so that all keys of one entity share one hash tag, i.e. one cluster slot. */
export class CacheKeys {
  private readonly previousSchema?: string;

  constructor(
    private readonly prefix: string = DEFAULT_KEY_PREFIX,
    private readonly schemaVersion: string = DEFAULT_SCHEMA_VERSION,
  ) {
    const number = Number(/^v(\d+)$/.exec(schemaVersion)?.[1] ?? 0);
    if (number > 1) this.previousSchema = `v${number - 1}`;
  }

  /** The hash tag of an entity: `{user:42}`. Keys with the same tag live in the same cluster slot. */
  static tag(entity: string, id: string | number): string {
    return `{${entity}:${id}}`;
  }

  /** Key of an entity's cached value, version fence and tombstone: `fc:v2:{user:42}`. */
  entity(entity: string, id: string | number): string {
    return `${this.prefix}:${this.schemaVersion}:${CacheKeys.tag(entity, id)}`;
  }

  /**
   * The entity's key under the previous schema version (same hash tag, so same slot), which every write deletes;
   * the entity's own key when there is no previous version.
   */
  previousSchemaEntity(entity: string, id: string | number): string {
    if (!this.previousSchema) return this.entity(entity, id);
    return `${this.prefix}:${this.previousSchema}:${CacheKeys.tag(entity, id)}`;
  }

  /** Key of the load lease of an entity (same slot as its value): `fc:v2:{user:42}:lease`. */
  lease(entity: string, id: string | number): string {
    return `${this.entity(entity, id)}:lease`;
  }

  /** Key of a derived value (a list computed from many entities): `fc:v2:{derived:trending:product}`. */
  derived(name: string): string {
    return `${this.prefix}:${this.schemaVersion}:{derived:${name}}`;
  }

  /** One shard of a ranking (sorted set); each shard has its own tag, so a ranking spreads over the slots. */
  rankShard(name: string, shard: number): string {
    return `${this.prefix}:${this.schemaVersion}:{rank:${name}:s${shard}}`;
  }

  /**
   * Counter of one client under one rate limit: `fc:v2:{rl:writes:203.0.113.7}`. The client (an IP address, or an
   * IPv6 /64) goes into the key as given; its own hash tag spreads clients over the slots.
   */
  rateLimit(limit: string, client: string): string {
    return `${this.prefix}:${this.schemaVersion}:{rl:${limit}:${client}}`;
  }

  /** Key of service metadata (e.g. the cache-warmer's replay cursors): `fc:v2:{meta:warmer-cursors}`. */
  meta(name: string): string {
    return `${this.prefix}:${this.schemaVersion}:{meta:${name}}`;
  }
}
