import { Inject, Injectable } from '@nestjs/common';
import { BoundedDb } from '@fleetcache/db';
import type { ChangeEvent, PositionedEvent } from '../envelope/change-event';
import type { OutboxModuleOptions } from '../events.options';
import { OUTBOX_OPTIONS } from './outbox.module-definition';

/** A page of a source's event stream. */
export interface OutboxPage {
  /** Events after the requested position, in order. */
  events: PositionedEvent[];
  /**
   * Where the next read may safely resume. It stops before the first row younger than the settle window, because a
   * slower transaction may still commit a row with a smaller id; those rows are returned again next time.
   */
  next: number;
  /** The highest position written so far. */
  head: number;
}

/** Reads this service's outbox after a position: what the cache-warmer replays after an outage or a missed message. */
@Injectable()
export class OutboxFeed {
  constructor(
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxModuleOptions,
    private readonly db: BoundedDb,
  ) {}

  /** Up to `limit` events after position `after`. */
  async read(after: number, limit: number): Promise<OutboxPage> {
    const settleUs = (this.options.settleMs ?? 5000) * 1000;
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
