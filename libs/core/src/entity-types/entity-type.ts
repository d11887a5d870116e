/**
 * One entity type, defined once by the scope that owns it (docs/architecture.md, Entity types) and registered with
 * the shared libs, which contain no entity names: the cache reads its TTL, stale-while-revalidate and near-cache
 * settings, the events its name, the cache-warmer its owning service and derived values.
 */
export interface EntityTypeDefinition {
  /**
   * Lowercase name: the cache key tag (`fc:v2:{user:42}`), the event type prefix (`user.created`), the ranking
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

/** The longest near-cache lifetime, ms: the bound on how stale an in-process copy may be. */
export const MAX_NEAR_CACHE_MS = 60_000;

/** A derived value's name: it goes inside a key's hash tag (`{derived:trending:product}`), so no braces. */
const DERIVED_NAME = /^[a-z][a-z0-9:_-]{0,63}$/;
/** A service's name: its event stream, its replay cursor, its URL variables (`USER_SERVICE_URL`). */
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Checks a definition (names that fit keys and variables, settings in range) and freezes it. */
export function defineEntityType(definition: EntityTypeDefinition): EntityTypeDefinition {
  const problems = [
    ...matches('name', definition.name, ENTITY_TYPE_NAME),
    ...serviceProblems(definition.service),
    ...integer('cache.ttlSeconds', definition.cache.ttlSeconds, 1),
    ...integer('cache.staleAfterSeconds', definition.cache.staleAfterSeconds, 0),
    ...integer('cache.nearCacheMs', definition.cache.nearCacheMs, 0, MAX_NEAR_CACHE_MS),
    ...definition.derived.flatMap((d) => [
      ...matches('derived name', d.name, DERIVED_NAME),
      ...matches(`derived ${d.name} ttlClass`, d.ttlClass, ENTITY_TYPE_NAME),
      ...integer(`derived ${d.name} ttlSeconds`, d.ttlSeconds, 1),
    ]),
  ];
  if (problems.length) throw new Error(`entity type "${definition.name}": ${problems.join('; ')}`);
  return Object.freeze({ ...definition, derived: Object.freeze([...definition.derived]) });
}

/**
 * Refuses what would make two registered types disagree on a setting: a name registered twice, a derived value's
 * TTL class named like an entity type, or one TTL class with two defaults.
 */
export function uniqueEntityTypes(types: readonly EntityTypeDefinition[]): readonly EntityTypeDefinition[] {
  const names = new Set<string>();
  for (const type of types) {
    if (names.has(type.name)) throw new Error(`entity type "${type.name}" is registered twice`);
    names.add(type.name);
  }
  const ttlClasses = new Map<string, number>();
  for (const derived of types.flatMap((type) => type.derived)) {
    const known = ttlClasses.get(derived.ttlClass);
    if (names.has(derived.ttlClass) || (known !== undefined && known !== derived.ttlSeconds))
      throw new Error(`TTL class "${derived.ttlClass}" of ${derived.name} collides with another setting`);
    ttlClasses.set(derived.ttlClass, derived.ttlSeconds);
  }
  return types;
}

function serviceProblems(service: OwningService): string[] {
  return [
    ...matches('service.name', service.name, SERVICE_NAME),
    ...matches('service.path', service.path, /^\/[a-z0-9-]+$/),
    ...integer('service.port', service.port, 1, 65_535),
    ...integer('service.internalPort', service.internalPort, 1, 65_535),
  ];
}

function matches(what: string, value: string, pattern: RegExp): string[] {
  return pattern.test(value) ? [] : [`${what} must match ${pattern}, got "${value}"`];
}

function integer(what: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): string[] {
  return Number.isInteger(value) && value >= min && value <= max
    ? []
    : [
        `${what} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got ${value}`,
      ];
}
