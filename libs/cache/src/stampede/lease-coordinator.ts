import { randomUUID } from 'node:crypto';
import { AppError } from '@fleetcache/core';
import type { StampedeOptions } from '../cache.options';
import { decodeEntry, type CacheLookup, type LoadResult } from '../cache-entry';
import type { CacheEngine, LeaseAttempt } from '../engine/cache-engine';

/** Default lease lifetime: how long a holder that crashed blocks the key. A live holder renews it. */
export const DEFAULT_LEASE_TTL_MS = 3000;
/** Default longest wait for another instance's load; above the database read timeout, so a slow load is awaited. */
export const DEFAULT_LEASE_MAX_WAIT_MS = 6000;

const FAILED = 'failed';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A caller waited its limit for another instance's load of the same key (the database is slow): 503, retry. */
export class LoadWaitExceededError extends AppError {
  readonly code = 'LOAD_IN_PROGRESS';
  readonly kind = 'unavailable' as const;

  constructor(key: string, waitedMs: number) {
    super(`Another instance has been loading this entity for over ${waitedMs} ms; try again shortly`, {
      key,
    });
  }
}

type Acquired = { lease: string } | { found: CacheLookup } | 'held' | typeof FAILED;
type AttemptReply = LeaseAttempt | typeof FAILED;

/** How often a waiter looks for the fill, ms. */
const LEASE_POLL_MS = 10;

/**
 * Fleet-wide stampede protection: on a miss, one caller in the whole fleet loads (it holds a lease key in the
 * entity's slot, with a fencing token, and renews it while its load runs); the others poll for the value it fills.
 * Taking the lease and reading the value are one script, so a caller that missed just before another's fill reads
 * that fill instead of loading again: one load per cold key, exactly. A holder that crashes loses the lease when it
 * expires. A waiter that reaches `maxWaitMs` fails with {@link LoadWaitExceededError} (503) rather than add a
 * second load to a database that is already slow. When the engine fails, everyone loads (fail open). The engine
 * keeps the lease with its own tools (a script on Redis, `add` and CAS on Memcached); this class knows none.
 */
export class LeaseCoordinator {
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly engine: CacheEngine,
    options: StampedeOptions = {},
  ) {
    this.ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_LEASE_MAX_WAIT_MS;
  }

  /** Runs `loadAndFill` if this caller wins the lease of `key`; otherwise serves the winner's fill. */
  async run(key: string, leaseKey: string, loadAndFill: () => Promise<LoadResult>): Promise<LoadResult> {
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      const acquired = await this.acquire(key, leaseKey);
      if (acquired === FAILED) return loadAndFill();
      if (acquired !== 'held') {
        if ('lease' in acquired) return this.holding(leaseKey, acquired.lease, loadAndFill);
        return fromCache(acquired.found);
      }
      const filled = await this.waitForFill(key, leaseKey, deadline);
      if (filled) return fromCache(filled);
      if (Date.now() >= deadline) throw new LoadWaitExceededError(key, this.maxWaitMs);
    }
  }

  /** Runs `loadAndFill` only if no one in the fleet holds the lease (a background refresh); else does nothing. */
  async refreshOnce(leaseKey: string, loadAndFill: () => Promise<LoadResult>): Promise<void> {
    const token = randomUUID();
    const got = await this.engine.guard.run(
      'lease',
      () => this.engine.takeLease(leaseKey, token, this.ttlMs),
      false,
      leaseKey,
    );
    if (got) await this.holding(leaseKey, token, loadAndFill);
  }

  /**
   * The lease (its token), the value someone filled meanwhile, 'held' by another, or FAILED (Redis did not answer
   * twice). One retry, with the same token: a reply that timed out because this process was busy (a burst of
   * requests) must not turn into a second load when the engine is fine.
   */
  private async acquire(key: string, leaseKey: string): Promise<Acquired> {
    const token = randomUUID();
    let reply: AttemptReply = FAILED;
    for (let attempt = 0; attempt < 2 && reply === FAILED; attempt++) {
      reply = await this.engine.guard.run<AttemptReply>(
        'lease',
        () => this.engine.acquireLease(key, leaseKey, token, this.ttlMs),
        FAILED,
        key,
      );
    }
    if (reply === FAILED || reply === 'held') return reply;
    if (reply === 'won') return { lease: token };
    const found = decodeEntry(reply.value);
    // Something this release cannot read is in the key (another shape): load, and the fenced fill replaces it.
    return found.kind === 'miss' ? FAILED : { found };
  }

  /** Runs the load while renewing the lease every third of its ttl; releases it when done. */
  private async holding(
    leaseKey: string,
    token: string,
    loadAndFill: () => Promise<LoadResult>,
  ): Promise<LoadResult> {
    const { engine } = this;
    let renewal: Promise<unknown> = Promise.resolve();
    const renew = () =>
      (renewal = engine.guard.run(
        'lease-renew',
        () => engine.renewLease(leaseKey, token, this.ttlMs),
        null,
        leaseKey,
      ));
    // Unref'd: a load that never settles must not keep the process alive on its own (its I/O does while it lives).
    const renewing = setInterval(renew, Math.max(10, Math.floor(this.ttlMs / 3))).unref();
    try {
      return await loadAndFill();
    } finally {
      clearInterval(renewing);
      await renewal; // a renewal still on its way would otherwise land after the release and keep the lease alive
      await engine.guard.run('lease-release', () => engine.releaseLease(leaseKey, token), null, leaseKey);
    }
  }

  /** Polls the value and the lease (one round trip); returns the fill, or null once the lease is gone or time is up. */
  private async waitForFill(key: string, leaseKey: string, deadline: number): Promise<CacheLookup | null> {
    while (Date.now() < deadline) {
      await sleep(LEASE_POLL_MS);
      const poll = await this.engine.guard.run(
        'lease-wait',
        () => this.engine.pollFill(key, leaseKey),
        null,
        key,
      );
      if (!poll) return null;
      const found = decodeEntry(poll.value);
      if (found.kind !== 'miss') return found;
      if (!poll.leaseHeld) return null; // holder finished or died without a fill: try to take the lease
    }
    return null;
  }
}

function fromCache(found: CacheLookup): LoadResult {
  return { entry: found.kind === 'hit' ? found.entry : null, source: 'cache' };
}
