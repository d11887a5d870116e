import type { FencedReply, StoredWrite } from '../cache-engine';
import { fence, parseStored } from '../fence';
import type { MemcachedCommands } from './memcached-commands';
import { MemcachedReplyError } from './meta-reply-parser';

/** How often a fenced write reads again when another process's write changed the key in between (CAS). */
const MAX_CAS_ATTEMPTS = 10;

/** Another process kept changing the key: the write is repaired later. Says nothing of the node's health. */
export class CasContentionError extends Error {
  override readonly name = 'CasContentionError';
}

interface Waiter {
  write: StoredWrite;
  resolve(reply: FencedReply): void;
  reject(error: Error): void;
}

/** The writes of one key: one runs; the next waits, merged to the newest version that arrived meanwhile. */
interface KeyQueue {
  next?: { write: StoredWrite; waiters: Waiter[] };
}

/**
 * Fenced writes on Memcached (invariant I2), with the fence of {@link fence}: read the value and its CAS token,
 * decide, then store only if the token has not moved (or add, when nothing was there); a lost race reads again.
 * Writes of one key from this process never race each other: one runs, and those arriving meanwhile wait as one
 * write of the newest version (the older ones are answered 0, refused in favour of a newer version, or share its
 * failure). A hot key written by hundreds of requests at once costs a few round trips, not hundreds of CAS races.
 */
export class MemcachedFencedWrites {
  private readonly queues = new Map<string, KeyQueue>();

  constructor(private readonly commands: MemcachedCommands) {}

  /** One fenced write: 1 stored, 0 refused. */
  write(write: StoredWrite): Promise<FencedReply> {
    const queue = this.queues.get(write.key);
    if (!queue) {
      const fresh: KeyQueue = {};
      this.queues.set(write.key, fresh);
      return this.run(write).finally(() => void this.runNext(write.key, fresh));
    }
    return new Promise<FencedReply>((resolve, reject) => {
      const next = (queue.next ??= { write, waiters: [] });
      if (write.version > next.write.version) next.write = write;
      next.waiters.push({ write, resolve, reject });
    });
  }

  private async runNext(key: string, queue: KeyQueue): Promise<void> {
    const next = queue.next;
    if (!next) {
      this.queues.delete(key);
      return;
    }
    queue.next = undefined;
    try {
      const reply = await this.run(next.write);
      for (const waiter of next.waiters) waiter.resolve(waiter.write === next.write ? reply : 0);
    } catch (error) {
      for (const waiter of next.waiters) waiter.reject(error as Error);
    }
    await this.runNext(key, queue);
  }

  private async run(write: StoredWrite): Promise<FencedReply> {
    if (write.previousKey !== write.key) void this.commands.delete(write.previousKey).catch(() => undefined);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const found = await this.commands.getWithCas(write.key);
      const outcome = fence(found.value ? parseStored(found.value.toString('utf8')) : undefined, write);
      if (outcome.store === undefined) return outcome.reply;
      const condition = found.value ? { cas: found.cas ?? '' } : 'add';
      const stored = await this.store(write, outcome.store, condition);
      if (stored === 'stored') return outcome.reply;
      if (stored === 'too-large' || outcome.reply === 0) return 0; // a renewal that lost a race: nothing to renew
    }
    throw new CasContentionError(`fenced write of ${write.key} lost ${MAX_CAS_ATTEMPTS} races in a row`);
  }

  /**
   * Stores `value` on `condition`: stored, or lost the race. A value Memcached will never take (over its item size
   * limit) is not retried: the key is deleted instead, so no older version outlives it, and the entity is read from
   * the database.
   */
  private async store(
    write: StoredWrite,
    value: string,
    condition: { cas: string } | 'add',
  ): Promise<'stored' | 'lost' | 'too-large'> {
    try {
      return (await this.commands.set(write.key, value, write.ttlMs, condition)) ? 'stored' : 'lost';
    } catch (error) {
      if (!(error instanceof MemcachedReplyError && /too large/i.test(error.message))) throw error;
      await this.commands.delete(write.key);
      return 'too-large';
    }
  }
}
