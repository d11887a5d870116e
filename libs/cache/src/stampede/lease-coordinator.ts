import { randomUUID } from 'node:crypto';
import type { StampedeOptions } from '../cache.options';
import { decodeEntry, type CacheLookup, type LoadResult } from '../cache-entry';
import type { RedisClient } from '../connection/redis-client.factory';
import type { RedisGuard } from '../guard/redis-guard';

const FAILED = 'failed';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fleet-wide stampede protection: on a miss, one caller in the whole fleet loads (it holds a short lease key in the
 * entity's slot, with a fencing token); the others poll for the value it fills. A holder that crashes or hangs loses
 * the lease when it expires; a waiter never waits longer than `maxWaitMs` and then loads itself rather than fail.
 * When Redis fails, everyone loads (fail open).
 */
export class LeaseCoordinator {
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly guard: RedisGuard,
    options: StampedeOptions = {},
  ) {
    this.ttlMs = options.leaseTtlMs ?? 3000;
    this.maxWaitMs = options.maxWaitMs ?? 3000;
    this.pollMs = options.pollMs ?? 10;
  }

  /** Runs `loadAndFill` if this caller wins the lease of `key`; otherwise waits for the winner's fill. */
  async run(key: string, leaseKey: string, loadAndFill: () => Promise<LoadResult>): Promise<LoadResult> {
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      const lease = await this.acquire(leaseKey);
      if (lease === FAILED) return loadAndFill();
      if (lease) return this.holding(leaseKey, lease, loadAndFill);
      const filled = await this.waitForFill(key, leaseKey, deadline);
      if (filled) return { entry: filled.kind === 'hit' ? filled.entry : null, source: 'cache' };
      if (Date.now() >= deadline) return loadAndFill(); // bounded wait: load rather than fail
    }
  }

  /** Runs `loadAndFill` only if no one in the fleet holds the lease (a background refresh); else does nothing. */
  async refreshOnce(leaseKey: string, loadAndFill: () => Promise<LoadResult>): Promise<void> {
    const lease = await this.acquire(leaseKey);
    if (lease && lease !== FAILED) await this.holding(leaseKey, lease, loadAndFill);
  }

  /** Takes the lease: its token, null when someone else holds it, FAILED when Redis did not answer. */
  private async acquire(leaseKey: string): Promise<string | null> {
    const token = randomUUID();
    const got = await this.guard.run(
      'lease',
      () => this.redis.set(leaseKey, token, 'PX', this.ttlMs, 'NX'),
      FAILED,
    );
    return got === 'OK' ? token : got === FAILED ? FAILED : null;
  }

  private async holding(
    leaseKey: string,
    token: string,
    loadAndFill: () => Promise<LoadResult>,
  ): Promise<LoadResult> {
    try {
      return await loadAndFill();
    } finally {
      await this.guard.run('lease-release', () => this.redis.fcLeaseRelease(leaseKey, token), null);
    }
  }

  /** Polls the value and the lease (same slot, one pipeline); returns the fill, or null once the lease is gone or time is up. */
  private async waitForFill(key: string, leaseKey: string, deadline: number): Promise<CacheLookup | null> {
    while (Date.now() < deadline) {
      await sleep(this.pollMs);
      const replies = await this.guard.run(
        'lease-wait',
        () => this.redis.pipeline().getBuffer(key).exists(leaseKey).exec(),
        null,
      );
      if (!replies) return null;
      const found = decodeEntry(replies[0]?.[1] as Buffer | null | undefined);
      if (found.kind !== 'miss') return found;
      if (replies[1]?.[1] === 0) return null; // holder finished or died without a fill: try to take the lease
    }
    return null;
  }
}
