import type { FencedReply, StoredWrite } from './cache-engine';

/** A stored entity value, `<version>:<staleAt>:<data>`, taken apart. */
export interface StoredEntity {
  version: number;
  /** Soft expiry as stored (epoch ms, '0' = none). */
  staleAt: string;
  /** The JSON; '' for a tombstone. */
  data: string;
}

/** What a fenced write does: its reply, and the value to store (absent: nothing). */
export interface FenceOutcome {
  reply: FencedReply;
  store?: string;
}

const HEADER = /^(\d{1,16}):(\d{1,16}):/;

/** `value` taken apart; undefined when it is not in the entity format (a foreign value, which a write replaces). */
export function parseStored(value: string): StoredEntity | undefined {
  const header = HEADER.exec(value);
  if (!header) return undefined;
  return { version: Number(header[1]), staleAt: header[2], data: value.slice(header[0].length) };
}

/**
 * The fence (invariant I2) for engines that cannot run it inside the store, as FENCED_SET_LUA decides it on Redis:
 * store `write` (1) when nothing, something foreign or an older version is there; refuse (0) when the stored version
 * is newer, or equal: an equal version of a value over a value only renews its lifetime and, when the write has
 * one, its soft expiry (the value to store again).
 */
export function fence(stored: StoredEntity | undefined, write: StoredWrite): FenceOutcome {
  if (!stored || stored.version < write.version)
    return { reply: 1, store: `${write.version}:${write.staleAt}:${write.data}` };
  if (stored.version > write.version || write.data === '' || stored.data === '') return { reply: 0 };
  const staleAt = write.staleAt === 0 ? stored.staleAt : String(write.staleAt);
  return { reply: 0, store: `${stored.version}:${staleAt}:${stored.data}` };
}
