import type { LeaseAttempt } from '../cache-engine';
import type { MemcachedCommands } from './memcached-commands';

/**
 * The stampede lease on Memcached: `add` of the lease key (only one caller in the fleet stores it), renewed and
 * released with CAS so only its holder does. The value is read before taking the lease and again after, so a
 * fill that landed in between is served instead of loaded again (what one Lua script does on Redis).
 */
export class MemcachedLeases {
  constructor(private readonly commands: MemcachedCommands) {}

  async acquire(key: string, leaseKey: string, token: string, ttlMs: number): Promise<LeaseAttempt> {
    const before = await this.commands.get(key);
    if (before) return { value: before };
    if (!(await this.take(leaseKey, token, ttlMs))) {
      const holder = await this.commands.get(leaseKey);
      return holder?.toString() === token ? 'won' : 'held'; // the same token: a retry after a reply that timed out
    }
    // Taken: a fill may have landed between the read and the add (its holder released just then). Serve it.
    const after = await this.commands.get(key);
    if (!after) return 'won';
    await this.release(leaseKey, token);
    return { value: after };
  }

  take(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    return this.commands.set(leaseKey, token, ttlMs, 'add');
  }

  async renew(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    const cas = await this.holderCas(leaseKey, token);
    return cas !== undefined && this.commands.set(leaseKey, token, ttlMs, { cas });
  }

  /** Releases the lease if `token` holds it; a renewal that changed its CAS token meanwhile is read again, once. */
  async release(leaseKey: string, token: string): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const cas = await this.holderCas(leaseKey, token);
      if (cas === undefined) return false;
      if (await this.commands.delete(leaseKey, cas)) return true;
    }
    return false;
  }

  /** The CAS token of the lease when `token` holds it, else undefined. */
  private async holderCas(leaseKey: string, token: string): Promise<string | undefined> {
    const found = await this.commands.getWithCas(leaseKey);
    return found.value?.toString() === token ? found.cas : undefined;
  }
}
