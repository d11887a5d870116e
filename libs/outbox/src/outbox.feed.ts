import { Inject, Injectable } from '@nestjs/common';
import { BoundedDb } from '@fleetcache/db';
import type { ChangeEvent, ReplayPage } from '@fleetcache/events';
import type { OutboxModuleOptions } from './outbox.options';
import { OUTBOX_OPTIONS } from './outbox.module-definition';

/**
 * Rows younger than this are not yet settled for replay cursors: a slow transaction may still commit an earlier id.
 */
const SETTLE_MS = 5000;

/** Reads this service's outbox after a position: what the cache-warmer replays after an outage or a missed message. */
@Injectable()
export class OutboxFeed {
  constructor(
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxModuleOptions,
    private readonly db: BoundedDb,
  ) {}

  /** Up to `limit` events after position `after`. */
  async read(after: number, limit: number): Promise<ReplayPage> {
    const settleUs = SETTLE_MS * 1000;
    const rows: { id: string; payload: string; settled: number | string }[] = await this.db.read((db) =>
      db.query(
        `SELECT id, payload, created_at < CURRENT_TIMESTAMP(6) - INTERVAL ? MICROSECOND AS settled
           FROM event_outbox WHERE source = ? AND id > ? ORDER BY id LIMIT ?`,
        [settleUs, this.options.source, after, limit],
      ),
    );
    let next = after;
    for (const row of rows) {
      if (Number(row.settled) !== 1) break;
      next = Number(row.id);
    }
    const [{ head }] = await this.db.read((db) =>
      db.query('SELECT COALESCE(MAX(id), 0) AS head FROM event_outbox WHERE source = ?', [
        this.options.source,
      ]),
    );
    const events = rows.map((row) => ({
      position: Number(row.id),
      event: JSON.parse(row.payload) as ChangeEvent,
    }));
    return { events, next, head: Math.max(Number(head), after) };
  }
}
