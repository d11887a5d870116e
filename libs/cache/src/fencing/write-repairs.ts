import { Logger } from '@nestjs/common';

/** One fenced write of an entity (see `StoredWrite`); kept here while it has not reached the engine. */
export interface FencedWrite {
  entity: string;
  id: number | string;
  version: number;
  /** Serialised value; '' for a tombstone. */
  data: string;
  ttlMs: number;
  /** Soft expiry (stale-while-revalidate), epoch ms; 0 or absent when off. */
  staleAt?: number;
}

/** Outcome of retrying one write: landed (stored or fenced by a newer version) or still failing. */
export type RetryWrite = (key: string, write: FencedWrite) => Promise<boolean>;

/**
 * Fenced writes (write-through, tombstones) that failed because the engine was down or slow. Without them the cache would
 * keep the old value until its TTL (invariant I1); so they are retried until they land, and meanwhile the process
 * reads those keys from the database. Bounded: past `capacity` the oldest is dropped (the outbox replay of the
 * cache-warmer still converges it).
 */
export class WriteRepairs {
  private readonly logger = new Logger(WriteRepairs.name);
  private readonly pending = new Map<string, FencedWrite>();
  private timer?: NodeJS.Timeout;
  private retrying = false;
  private delayMs: number;

  constructor(
    private readonly retry: RetryWrite,
    private readonly intervalMs = 500,
    private readonly capacity = 10_000,
    private readonly maxIntervalMs = 8000,
  ) {
    this.delayMs = intervalMs;
  }

  /** Whether a write for `key` is still pending (its cached value may be stale). */
  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** How many writes are pending. */
  get size(): number {
    return this.pending.size;
  }

  /** Remembers a failed write; a pending write of a newer version wins. */
  add(key: string, write: FencedWrite): void {
    const current = this.pending.get(key);
    if (current && current.version >= write.version) return;
    this.pending.delete(key);
    this.pending.set(key, write);
    if (this.pending.size > this.capacity) this.dropOldest();
    this.schedule();
  }

  /**
   * Retries every pending write once; those that land are forgotten. A round in which some still failed doubles
   * the wait before the next (up to `maxIntervalMs`), so a node that stays down is not hammered and its circuit
   * is not re-tripped by repairs; writes for the other nodes land meanwhile (each write goes to its own node's
   * circuit, and an open circuit skips the call).
   */
  async retryAll(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.retrying) return;
    this.retrying = true;
    let failed = false;
    try {
      for (const [key, write] of [...this.pending]) {
        if (!(await this.retry(key, write))) failed = true;
        else if (this.pending.get(key) === write) this.pending.delete(key);
      }
    } finally {
      this.retrying = false;
      this.delayMs = failed ? Math.min(this.delayMs * 2, this.maxIntervalMs) : this.intervalMs;
      if (this.pending.size > 0) this.schedule();
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.retryAll(), this.delayMs).unref();
  }

  /** Stops retrying (shutdown). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private dropOldest(): void {
    const [oldest] = this.pending.keys();
    this.pending.delete(oldest);
    this.logger.warn({
      msg: 'too many failed cache writes pending; dropped the oldest (the warmer replay converges it)',
      key: oldest,
    });
  }
}
