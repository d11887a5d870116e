/** A cached entity: its version and its serialised JSON (served as is on a hit, never re-parsed). */
export interface CacheEntry {
  version: number;
  json: string;
}

/** What a lookup found: a value, a tombstone (the entity is known to be deleted) or nothing. */
export type CacheLookup =
  | { kind: 'hit'; entry: CacheEntry; staleAt?: number }
  | { kind: 'tombstone'; version: number }
  | { kind: 'miss' };

/** Where an answer came from. */
export type CacheSource = 'cache' | 'database';

/** Result of a single read: the entry (null when the entity does not exist) and its source. */
export interface LoadResult {
  entry: CacheEntry | null;
  source: CacheSource;
  /** Served from the cache past its soft TTL while one background refresh runs (stale-while-revalidate). */
  stale?: boolean;
  /** Which cache tier answered a hit: the in-process near-cache (L1) or Redis (L2). */
  tier?: 'L1' | 'L2';
}

/** Result of a batch read: entries in request order (null when absent), and how many ids hit the cache. */
export interface BatchResult {
  entries: (CacheEntry | null)[];
  hits: number;
  misses: number;
}

/** Loads one entity from the source of truth; null when it does not exist. */
export type Loader = () => Promise<CacheEntry | null>;

/** Loads many entities with one query; ids that do not exist are simply absent from the map. */
export type BatchLoader = (ids: number[]) => Promise<Map<number, CacheEntry>>;

/** Decodes an HMGET [version, data, staleAt] reply. */
export function decodeEntry(reply: unknown): CacheLookup {
  if (!Array.isArray(reply) || reply[0] === null || reply[0] === undefined) return { kind: 'miss' };
  const version = Number(reply[0]);
  if (!Number.isFinite(version)) return { kind: 'miss' };
  const data = reply[1];
  if (data === null || data === undefined) return { kind: 'tombstone', version };
  const staleAt = Number(reply[2] ?? 0);
  return staleAt > 0
    ? { kind: 'hit', entry: { version, json: String(data) }, staleAt }
    : { kind: 'hit', entry: { version, json: String(data) } };
}
