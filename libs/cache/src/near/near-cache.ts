import type { CacheEntry } from '../cache-entry';

/** Settings of the in-process near-cache (L1) of one entity type. */
export interface NearCacheSettings {
  /** How long an entry is served from process memory without asking Redis, ms (the staleness bound). */
  ttlMs: number;
  /** Most entries kept; the least recently used goes first. */
  maxEntries: number;
}

interface Slot {
  entry: CacheEntry;
  expiresAt: number;
  /** Read since it was put or last spared: eviction passes over it once (second chance). */
  used: boolean;
}

/**
 * A bounded in-process cache in front of Redis (L1), per entity type, off unless configured. Entries live `ttlMs`;
 * change events drop them earlier (NearCacheSync), and an interrupted event subscription clears everything.
 * Eviction approximates LRU with a second chance (CLOCK): a read only marks its entry, so a hit never reorders the
 * map (moving an entry on every read was the largest cost of an L1 hit), and eviction spares a marked entry once.
 */
export class NearCache {
  /** Entries per entity type, so that each type's size limit is its own. */
  private readonly slots = new Map<string, Map<string, Slot>>();
  /** Versions this process wrote or heard of recently: a read that started earlier must not put an older one back. */
  private readonly floors = new Map<string, { version: number; expiresAt: number }>();
  /** False while nothing can invalidate entries (the change-event subscription is not up yet): nothing is kept. */
  private live = true;

  constructor(
    private readonly settings: Readonly<Record<string, NearCacheSettings>>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether entity type `entity` has a near-cache. */
  enabled(entity: string): boolean {
    return (this.settings[entity]?.ttlMs ?? 0) > 0;
  }

  /** The fresh entry of `key`, marked as used; undefined when absent or expired. */
  get(entity: string, key: string): CacheEntry | undefined {
    if (!this.live) return undefined;
    const slots = this.slots.get(entity);
    const slot = slots?.get(key);
    if (!slots || !slot) return undefined;
    if (slot.expiresAt <= this.now()) {
      slots.delete(key);
      return undefined;
    }
    slot.used = true;
    return slot.entry;
  }

  /** Keeps `entry` for `key` (when the entity type has a near-cache); never replaces a newer version. */
  put(entity: string, key: string, entry: CacheEntry): void {
    const settings = this.settings[entity];
    if (!settings || settings.ttlMs <= 0 || !this.live) return;
    let slots = this.slots.get(entity);
    if (!slots) this.slots.set(entity, (slots = new Map()));
    const current = slots.get(key);
    if (current && current.entry.version > entry.version && current.expiresAt > this.now()) return;
    const floor = this.floors.get(key);
    if (floor && floor.expiresAt > this.now() && floor.version > entry.version) return;
    slots.delete(key);
    slots.set(key, { entry, expiresAt: this.now() + settings.ttlMs, used: false });
    if (slots.size > settings.maxEntries) evictOne(slots);
  }

  /** Forgets `key`. */
  drop(entity: string, key: string): void {
    this.slots.get(entity)?.delete(key);
  }

  /**
   * This process wrote `version` of `key` (a value or a tombstone): forget what it held, and for one lifetime refuse
   * any older version a concurrent read may still try to put (read-your-writes on the writing instance, I1).
   */
  wrote(entity: string, key: string, version: number): void {
    this.drop(entity, key);
    const ttlMs = this.settings[entity]?.ttlMs ?? 0;
    if (ttlMs <= 0) return;
    const current = this.floors.get(key);
    const live = current && current.expiresAt > this.now() ? current.version : 0;
    this.floors.delete(key); // re-inserted: the most recent floors survive eviction
    this.floors.set(key, { version: Math.max(live, version), expiresAt: this.now() + ttlMs });
    if (this.floors.size > 2 * (this.settings[entity]?.maxEntries ?? 0)) {
      this.floors.delete(this.floors.keys().next().value as string);
    }
  }

  /**
   * Forgets every entry (the process may have missed change events). Floors stay: they only ever refuse older
   * versions, and an interruption is exactly when those may be in flight.
   */
  clear(): void {
    this.slots.clear();
  }

  /**
   * Whether entries can be kept: only while change events reach this process, or a change made elsewhere could be
   * served from here for a whole lifetime. Turning it off forgets every entry.
   */
  setLive(live: boolean): void {
    this.live = live;
    if (!live) this.clear();
  }

  /** Entries held, over all entity types. */
  get size(): number {
    return [...this.slots.values()].reduce((sum, slots) => sum + slots.size, 0);
  }
}

/** Evicts the oldest entry not read since it was put or last spared; spared (read) entries move to the back. */
function evictOne(slots: Map<string, Slot>): void {
  for (const [key, slot] of slots) {
    slots.delete(key);
    if (!slot.used) return;
    slot.used = false;
    slots.set(key, slot);
  }
}
