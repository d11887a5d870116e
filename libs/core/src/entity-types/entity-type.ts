/**
 * One entity type, defined once by the scope that owns it (docs/architecture.md, Entity types) and registered with
 * the shared libs, which contain no entity names: the cache reads its TTL, stale-while-revalidate and near-cache
 * settings, the events its name, the cache-warmer its owning service and derived values.
 */
export interface EntityTypeDefinition {
  /**
   * Lowercase name: the cache key tag (`fc:{user:42}:v2`), the event type prefix (`user.created`), the ranking
   * `reads:user`, and the infix of its settings' variables (CACHE_TTL_USER_SECONDS).
   */
  readonly name: string;
  /** The service that owns its rows and publishes its change events. */
  readonly service: OwningService;
  /** Cache settings' defaults; each has a variable that overrides it. */
  readonly cache: EntityCacheDefaults;
  /** Derived values that contain entities of this type: each is dropped when one of its members changes. */
  readonly derived: readonly DerivedValueDefinition[];
}

/** The service that owns an entity type. */
export interface OwningService {
  /** Its name: its event stream (`source`), the prefix of its URL variables (USER_SERVICE_URL). */
  readonly name: string;
  /** Its default public port. */
  readonly port: number;
  /** Its default internal port (/metrics, the replay feed). */
  readonly internalPort: number;
  /** The collection's path on the public port (`/users`): batch reads are `GET <path>?ids=1,2`. */
  readonly path: string;
}

/** Defaults of an entity type's cache settings. */
export interface EntityCacheDefaults {
  /** TTL in seconds (CACHE_TTL_<NAME>_SECONDS). */
  readonly ttlSeconds: number;
  /** Stale-while-revalidate after this many seconds, 0 = off (CACHE_SWR_<NAME>_SECONDS). */
  readonly staleAfterSeconds: number;
  /** Near-cache lifetime in ms, 0 = off (CACHE_NEAR_<NAME>_MS). */
  readonly nearCacheMs: number;
}

/** A value computed from many entities (a list), cached on its own. */
export interface DerivedValueDefinition {
  /** Its name in the cache (`trending:product`). */
  readonly name: string;
  /** Its TTL class (`trending`: CACHE_TTL_TRENDING_SECONDS). */
  readonly ttlClass: string;
  /** Default of its TTL, seconds. */
  readonly ttlSeconds: number;
}

/** What an entity type's name and TTL classes must look like: they become key tags and variable names. */
export const ENTITY_TYPE_NAME = /^[a-z][a-z0-9]{0,31}$/;

/** Checks a definition (names that fit keys and variables, positive TTLs) and freezes it. */
export function defineEntityType(definition: EntityTypeDefinition): EntityTypeDefinition {
  const problems = [
    ...nameProblems('name', definition.name),
    ...definition.derived.flatMap((d) => nameProblems(`derived ${d.name} ttlClass`, d.ttlClass)),
    ...positive('cache.ttlSeconds', definition.cache.ttlSeconds),
    ...definition.derived.flatMap((d) => positive(`derived ${d.name} ttlSeconds`, d.ttlSeconds)),
  ];
  if (!/^\/[a-z0-9-]+$/.test(definition.service.path))
    problems.push(`service.path must look like /orders, got "${definition.service.path}"`);
  if (problems.length) throw new Error(`entity type "${definition.name}": ${problems.join('; ')}`);
  return Object.freeze({ ...definition, derived: Object.freeze([...definition.derived]) });
}

/** Refuses two definitions of one name (two registrations would disagree on its settings). */
export function uniqueEntityTypes(types: readonly EntityTypeDefinition[]): readonly EntityTypeDefinition[] {
  const seen = new Set<string>();
  for (const type of types) {
    if (seen.has(type.name)) throw new Error(`entity type "${type.name}" is registered twice`);
    seen.add(type.name);
  }
  return types;
}

function nameProblems(what: string, value: string): string[] {
  return ENTITY_TYPE_NAME.test(value) ? [] : [`${what} must match ${ENTITY_TYPE_NAME}, got "${value}"`];
}

function positive(what: string, value: number): string[] {
  return Number.isInteger(value) && value > 0 ? [] : [`${what} must be a positive integer, got ${value}`];
}
