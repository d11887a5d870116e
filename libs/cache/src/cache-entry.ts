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

/** What a lookup of an absent key finds. */
export const MISS: CacheLookup = Object.freeze({ kind: 'miss' });

const COLON = 0x3a;

/**
 * Decodes a stored entry. An entity key holds one string, `<version>:<staleAt>:<json>`: the version fence and the
 * soft expiry (epoch ms, 0 = none) in a short header before the response bytes, so a hit is one GET and the JSON is
 * served as it is. Empty JSON is a tombstone of that version. FENCED_SET_LUA writes this format; anything else reads
 * as a miss.
 */
export function decodeEntry(value: Buffer | null | undefined): CacheLookup {
  if (!value) return MISS;
  const versionEnd = value.indexOf(COLON);
  const staleEnd = versionEnd > 0 ? value.indexOf(COLON, versionEnd + 1) : -1;
  if (staleEnd < 0) return MISS;
  const version = readDecimal(value, 0, versionEnd);
  const staleAt = readDecimal(value, versionEnd + 1, staleEnd);
  if (version < 0 || staleAt < 0) return MISS;
  if (staleEnd + 1 === value.length) return { kind: 'tombstone', version };
  const entry = { version, json: value.toString('utf8', staleEnd + 1) };
  return staleAt > 0 ? { kind: 'hit', entry, staleAt } : { kind: 'hit', entry };
}

/** The non-negative integer written in `value[from, to)`, or -1 when it is not one. */
function readDecimal(value: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 16) return -1;
  let result = 0;
  for (let i = from; i < to; i++) {
    const digit = value[i] - 0x30;
    if (digit < 0 || digit > 9) return -1;
    result = result * 10 + digit;
  }
  return result;
}
