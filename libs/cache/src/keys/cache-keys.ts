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
}
