import { ANY_NODE, CacheGuard, type CacheGuardSettings } from '../../guard/cache-guard';
import { CacheMetrics } from '../../metrics/cache-metrics';
import type { CacheEngine, FencedReply, FillPoll, LeaseAttempt, StoredWrite } from '../cache-engine';
import { fence, parseStored } from '../fence';

interface Item {
  value: string;
  expiresAt: number;
}

const ONE_NODE = { nodeOf: () => ANY_NODE, liveNodes: () => undefined };
const SETTINGS: CacheGuardSettings = { failureThreshold: 5, openMs: 2000, budgetMs: 1000 };

/**
 * An engine in process memory with the semantics of the real ones (fenced writes, leases, TTLs), for unit tests of
 * the coordinator: its clock is the test's, and `failing` makes every call fail like an engine that is down. Not
 * for production: nothing is shared between processes.
 */
export class InMemoryEngine implements CacheEngine {
  readonly name = 'memory' as const;
  readonly guard: CacheGuard;
  private readonly items = new Map<string, Item>();
  /** Every call rejects while true (an engine that is down). */
  failing = false;
  /** Calls made, by method name. */
  readonly calls = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {
    this.guard = new CacheGuard('memory', SETTINGS, ONE_NODE, new CacheMetrics());
    this.guard.stop();
  }

  async read(key: string): Promise<Buffer | null> {
    this.enter('read');
    const value = this.get(key);
    return value === undefined ? null : Buffer.from(value);
  }

  async readMany(keys: readonly string[]): Promise<(Buffer | null | undefined)[]> {
    if (this.failing) return keys.map(() => undefined);
    this.enter('readMany');
    return keys.map((key) => {
      const value = this.get(key);
      return value === undefined ? null : Buffer.from(value);
    });
  }

  async fencedWrite(write: StoredWrite): Promise<FencedReply> {
    this.enter('fencedWrite');
    if (write.previousKey !== write.key) this.items.delete(write.previousKey);
    const stored = this.get(write.key);
    const outcome = fence(stored === undefined ? undefined : parseStored(stored), write);
    if (outcome.store !== undefined) this.put(write.key, outcome.store, write.ttlMs);
    return outcome.reply;
  }

  async fencedWriteMany(writes: readonly StoredWrite[]): Promise<(FencedReply | undefined)[]> {
    if (this.failing) return writes.map(() => undefined);
    return Promise.all(writes.map((write) => this.fencedWrite(write)));
  }

  async acquireLease(key: string, leaseKey: string, token: string, ttlMs: number): Promise<LeaseAttempt> {
    this.enter('acquireLease');
    const value = this.get(key);
    if (value !== undefined) return { value: Buffer.from(value) };
    const holder = this.get(leaseKey);
    if (holder === undefined) this.put(leaseKey, token, ttlMs);
    return holder === undefined || holder === token ? 'won' : 'held';
  }

  async takeLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    this.enter('takeLease');
    if (this.get(leaseKey) !== undefined) return false;
    this.put(leaseKey, token, ttlMs);
    return true;
  }

  async renewLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    this.enter('renewLease');
    if (this.get(leaseKey) !== token) return false;
    this.put(leaseKey, token, ttlMs);
    return true;
  }

  async releaseLease(leaseKey: string, token: string): Promise<boolean> {
    this.enter('releaseLease');
    if (this.get(leaseKey) !== token) return false;
    this.items.delete(leaseKey);
    return true;
  }

  async pollFill(key: string, leaseKey: string): Promise<FillPoll> {
    this.enter('pollFill');
    const value = this.get(key);
    return {
      value: value === undefined ? null : Buffer.from(value),
      leaseHeld: this.get(leaseKey) !== undefined,
    };
  }

  async remainingTtlMs(key: string): Promise<number> {
    this.enter('remainingTtlMs');
    const item = this.items.get(key);
    return item && item.expiresAt > this.now() ? item.expiresAt - this.now() : -2;
  }

  async delete(key: string): Promise<void> {
    this.enter('delete');
    this.items.delete(key);
  }

  /** Stores raw bytes under `key` (a value of another shape, a previous release's). */
  putRaw(key: string, value: string, ttlMs = 60_000): void {
    this.put(key, value, ttlMs);
  }

  private enter(method: string): void {
    if (this.failing) throw new Error('engine down');
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }

  private get(key: string): string | undefined {
    const item = this.items.get(key);
    if (!item) return undefined;
    if (item.expiresAt > this.now()) return item.value;
    this.items.delete(key);
    return undefined;
  }

  private put(key: string, value: string, ttlMs: number): void {
    this.items.set(key, { value, expiresAt: this.now() + ttlMs });
  }
}
