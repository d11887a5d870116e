import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { withTimeout } from '@fleetcache/core';
import { BoundedDb } from '@fleetcache/db';
import type { EntityManager } from 'typeorm';
import type { EventEntity } from '@fleetcache/events';
import type { OutboxModuleOptions } from './outbox.options';
import { RedisEventPublisher } from '@fleetcache/events';
import { OUTBOX_OPTIONS, OUTBOX_PUBLISHER } from './outbox.module-definition';
import { OutboxMetrics } from './outbox.metrics';

/** Longest the last round at shutdown may take, ms. */
const FINAL_ROUND_MS = 5000;
/** Rows published per relay round. */
const RELAY_BATCH_ROWS = 200;
/** Rows counted at most when the backlog is measured (the count stays cheap however large the backlog). */
const PENDING_COUNT_CAP = 100_000;
/** The backlog is measured at most this often, ms. */
const PENDING_COUNT_EVERY_MS = 1000;
/** Longest wait between relay rounds while they keep failing (Redis or MySQL down), ms. */
const MAX_BACKOFF_MS = 10_000;

/** An outbox row as the relay publishes it. */
export interface OutboxRow {
  id: string;
  entity_id: number;
  type: string;
  payload: string;
}

/**
 * Publishes unpublished outbox rows in id order and marks them published. Each commit's event is first published
 * directly ({@link OutboxRelay.publishNow}); the rounds, polled and woken on a failed direct publish, are the backstop.
 * While Redis is down rounds fail and the rows wait. Several instances share the work with
 * `FOR UPDATE SKIP LOCKED`. Published rows are deleted after the retention window.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastPrune = 0;
  private lastPendingCount = 0;
  /** Rounds that failed in a row: the next round waits pollMs × 2^n (capped), so an outage is not hammered. */
  private failedRounds = 0;
  /** A successful direct publish woke a round since the last failed one (at most one such wake per backoff). */
  private wokenAfterFailure = false;
  private readonly direct = new Set<Promise<void>>();

  constructor(
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxModuleOptions,
    @Inject(OUTBOX_PUBLISHER) private readonly publisher: RedisEventPublisher,
    private readonly db: BoundedDb,
    private readonly metrics: OutboxMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /**
   * Shutdown, after the HTTP server closed (no new commits) and before the connections close: no new scheduled
   * round; the one under way and the direct publishes finish; then one last round publishes what is still waiting
   * (bounded in time; what it leaves, another instance's relay or the warmer's replay picks up).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([this.running, ...this.direct]);
    await withTimeout(this.drainRemaining(), FINAL_ROUND_MS, 'last outbox round').catch((error: unknown) =>
      this.logger.warn({ msg: 'last outbox round did not finish', err: String(error) }),
    );
  }

  private async drainRemaining(): Promise<void> {
    const until = Date.now() + FINAL_ROUND_MS;
    while (Date.now() < until && (await this.publishBatch()) === this.batchSize);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }

  /** Starts a round now (or right after the current one). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.running = this.round().finally(() => (this.running = undefined));
  }

  /**
   * The fast path, right after a commit: publishes one row without waiting for a relay round (no transaction, no
   * SELECT … FOR UPDATE), then marks it published. A failure leaves the row to the relay, woken at once. A relay
   * round that locks the row first publishes it too: a duplicate, which consumers ignore (fenced by version).
   */
  publishNow(row: OutboxRow): void {
    // After shutdown began, the row waits for another instance's relay (or this one's next start); the warmer's
    // replay also reads it from the feed.
    if (this.stopped) return;
    const work = this.publishAll([row])
      .then(async () => {
        const result: { affectedRows?: number } = await this.db.write((db) =>
          db.query(
            'UPDATE event_outbox SET published_at = CURRENT_TIMESTAMP(6) WHERE id = ? AND published_at IS NULL',
            [row.id],
          ),
        );
        if (result.affectedRows === 1) this.metrics.publishedRows(1); // else a relay round published it first
        if (this.failedRounds > 0 && !this.wokenAfterFailure) {
          this.wokenAfterFailure = true; // Redis answers again: the rows that waited go now (one round)
          this.wake();
        }
      })
      .catch((error: unknown) => {
        this.metrics.publishFailed();
        this.logger.warn({ msg: 'direct publish failed; the relay takes the row', err: String(error) });
        if (this.failedRounds === 0) this.wake(); // while rounds fail, the backed-off schedule takes it
      })
      .finally(() => this.direct.delete(work));
    this.direct.add(work);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => this.wake(), ms);
  }

  private async round(): Promise<void> {
    let failed = false;
    do {
      this.again = false;
      try {
        while ((await this.publishBatch()) === this.batchSize) {
          this.again = false;
          await this.countPendingIfDue(); // a long drain shows its backlog shrinking
        }
        await this.pruneIfDue();
      } catch (error) {
        failed = true;
        this.metrics.publishFailed();
        this.logger.warn({
          msg: 'outbox relay round failed; rows wait for the next round',
          err: String(error),
        });
      }
    } while (this.again && !failed && !this.stopped);
    // Also after a failed round: while Redis is down the backlog grows, and this is where it shows.
    await this.countPendingIfDue().catch(() => undefined);
    this.failedRounds = failed ? this.failedRounds + 1 : 0;
    this.wokenAfterFailure = false;
    this.schedule(this.nextRoundInMs());
  }

  /** The poll interval, doubled for each round that failed in a row, up to MAX_BACKOFF_MS. */
  private nextRoundInMs(): number {
    if (this.failedRounds === 0) return this.pollMs;
    return Math.min(this.pollMs * 2 ** this.failedRounds, Math.max(this.pollMs, MAX_BACKOFF_MS));
  }

  /** Publishes one batch in a transaction that holds its rows; returns how many rows it published. */
  private publishBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: OutboxRow[] = await tx.query(
        'SELECT id, entity_id, type, payload FROM event_outbox WHERE source = ? AND published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED',
        [this.options.source, this.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.publishAll(rows);
      await this.markPublished(tx, rows);
      this.metrics.publishedRows(rows.length);
      return rows.length;
    });
  }

  // Commands to one channel travel on one connection in order, so per-entity order holds while batches pipeline.
  private async publishAll(rows: OutboxRow[]): Promise<void> {
    const budget = 2000 + rows.length * 10;
    const sends = rows.map((row) =>
      this.publisher.publishSerialized(
        { entity: row.type.split('.')[0] as EventEntity, entityId: row.entity_id },
        row.payload,
      ),
    );
    await withTimeout(Promise.all(sends), budget, 'outbox publish');
  }

  private async markPublished(tx: EntityManager, rows: OutboxRow[]): Promise<void> {
    await tx.query(
      `UPDATE event_outbox SET published_at = CURRENT_TIMESTAMP(6) WHERE id IN (${rows.map(() => '?').join(',')})`,
      rows.map((r) => r.id),
    );
  }

  /** Measures the backlog (rows of this source not yet published) for `fleetcache_outbox_pending_rows`. */
  private async countPendingIfDue(): Promise<void> {
    if (Date.now() - this.lastPendingCount < PENDING_COUNT_EVERY_MS) return;
    this.lastPendingCount = Date.now();
    const [row] = (await this.db.read((db) =>
      db.query(
        'SELECT COUNT(*) AS pending FROM (SELECT 1 FROM event_outbox WHERE source = ? AND published_at IS NULL LIMIT ?) waiting',
        [this.options.source, PENDING_COUNT_CAP],
      ),
    )) as Array<{ pending: string | number }>;
    this.metrics.pendingRows(Number(row?.pending ?? 0));
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    const hours = this.options.retentionHours ?? 72;
    await this.db.write((db) =>
      db.query(
        'DELETE FROM event_outbox WHERE source = ? AND published_at IS NOT NULL AND created_at < CURRENT_TIMESTAMP(6) - INTERVAL ? HOUR LIMIT 5000',
        [this.options.source, hours],
      ),
    );
  }

  private get batchSize(): number {
    return RELAY_BATCH_ROWS;
  }

  private get pollMs(): number {
    return this.options.pollIntervalMs ?? 1000;
  }
}
