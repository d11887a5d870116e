import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { CacheKeys, REDIS_CLIENT, RedisGuard, type RedisClient } from '@fleetcache/cache';
import { SERVICE_ENV } from '@fleetcache/platform';
import { ChangeApplier } from '../apply/change-applier.service';
import type { WarmerServiceEnv } from '../warmer.env';
import { WarmerMetrics } from '../warmer.metrics';
import { EVENT_SOURCES, type EventSource } from './event-sources';
import { SourceClient } from './source-client';

const PAGE = 500;
/** How far back a replay after an interruption re-applies events. */
const REWIND_MS = 30_000;
const CURSORS = 'warmer-cursors';
/** How soon a replay after an interruption that failed is tried again (with its rewind), ms. */
const RETRY_INTERRUPTED_MS = 1000;

/**
 * No lost change (I3): pub/sub is at-most-once, so the warmer also replays each service's outbox from a cursor it
 * keeps in Redis — at start, every WARMER_REPLAY_INTERVAL_MS, and whenever the subscription was interrupted.
 * Applying is idempotent, so events seen live and again in a replay are harmless.
 */
@Injectable()
export class ReplayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReplayService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private pendingReason?: string;
  /** Cursors saved recently, per source, oldest first (what a rewind goes back to). */
  private readonly saved = new Map<string, { at: number; position: number }[]>();

  constructor(
    @Inject(EVENT_SOURCES) private readonly sources: EventSource[],
    @Inject(SERVICE_ENV) private readonly env: WarmerServiceEnv,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly keys: CacheKeys,
    private readonly guard: RedisGuard,
    private readonly client: SourceClient,
    private readonly applier: ChangeApplier,
    private readonly metrics: WarmerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.trigger('start');
  }

  /** Before Redis closes: no new replay, and the one under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingReason = undefined;
    await this.running;
  }

  /** Replays every source now (or right after the replay under way). */
  trigger(reason: string): void {
    if (this.running) {
      // An interruption's rewind must not be lost to a routine interval trigger arriving after it.
      if (!this.pendingReason?.startsWith('interrupted')) this.pendingReason = reason;
      return;
    }
    let replayed = true;
    this.running = this.replayAll(reason)
      .then((ok) => void (replayed = ok))
      .finally(() => {
        this.running = undefined;
        const again = this.pendingReason;
        this.pendingReason = undefined;
        if (again) this.trigger(again);
        // A failed replay after an interruption keeps its rewind: it is tried again soon, not at the next interval.
        else if (!replayed && reason.startsWith('interrupted')) this.schedule(reason, RETRY_INTERRUPTED_MS);
        else this.schedule();
      });
  }

  /** Resolves when no replay is running (for tests and measurements). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(reason = 'interval', ms = this.env.WARMER_REPLAY_INTERVAL_MS): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.trigger(reason), ms).unref();
  }

  /** Replays every source; whether all of them replayed. */
  private async replayAll(reason: string): Promise<boolean> {
    const done = await Promise.all(this.sources.map((source) => this.replaySource(source, reason)));
    return done.every(Boolean);
  }

  private async replaySource(source: EventSource, reason: string): Promise<boolean> {
    try {
      let cursor = await this.cursor(source);
      // After an interruption (a shard's subscriber dropped: maybe a failover, which can lose recent writes that
      // were not replicated yet), also re-apply the last REWIND_MS of events; fenced writes make that harmless.
      let readFrom = reason.startsWith('interrupted') ? this.rewound(source, cursor) : cursor;
      let contiguous = true; // the saved cursor only moves over pages whose rows were all settled
      for (;;) {
        const page = await this.client.page(source, readFrom, PAGE);
        // The version fences every write, so a page can be applied in parallel (auto-pipelined) in any order.
        await Promise.all(page.events.map(({ event }) => this.applier.apply(event, 'replay')));
        if (contiguous && page.next > cursor && (await this.saveCursor(source, page.next)))
          cursor = page.next;
        const last = page.events.at(-1)?.position ?? readFrom;
        if (page.next < last) contiguous = false;
        if (page.events.length < PAGE) break;
        readFrom = last;
      }
      this.metrics.replay(source.name, reason);
      return true;
    } catch (error) {
      this.logger.warn({
        msg: 'replay failed; retrying at the next round',
        source: source.name,
        reason,
        err: String(error),
      });
      return false;
    }
  }

  /**
   * The saved cursor of `source`: 0 when none was ever saved. Throws when it cannot be read (Redis failing or
   * moving the slot): replaying from 0 would re-read the whole outbox and save that lower cursor back.
   */
  private async cursor(source: EventSource): Promise<number> {
    const key = this.keys.meta(CURSORS);
    const raw = await this.guard.run(
      'cursor-get',
      async () => ({ value: await this.redis.hget(key, source.name) }),
      null,
      key,
    );
    if (raw === null) throw new Error('the replay cursor could not be read from Redis');
    return raw.value === null ? 0 : Number(raw.value);
  }

  /** The oldest cursor saved within the last REWIND_MS (never beyond `cursor`). */
  private rewound(source: EventSource, cursor: number): number {
    const since = Date.now() - REWIND_MS;
    const recent = (this.saved.get(source.name) ?? []).filter((s) => s.at >= since);
    this.saved.set(source.name, recent);
    return Math.min(cursor, recent[0]?.position ?? cursor);
  }

  private async saveCursor(source: EventSource, position: number): Promise<boolean> {
    const key = this.keys.meta(CURSORS);
    const saved = await this.guard.run(
      'cursor-set',
      () => this.redis.hset(key, source.name, String(position)),
      null,
      key,
    );
    if (saved === null) return false;
    const history = this.saved.get(source.name) ?? [];
    history.push({ at: Date.now(), position });
    this.saved.set(source.name, history.length > 1000 ? history.slice(-1000) : history);
    return true;
  }
}
