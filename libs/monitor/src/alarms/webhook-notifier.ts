import { Logger } from '@nestjs/common';
import type { MonitorMetrics } from '../metrics/monitor-metrics';

/** Where and how alarm notifications are delivered. */
export interface WebhookSettings {
  url?: string;
  attempts: number;
  timeoutMs: number;
}

/** First retry after this, doubling, ms. */
const FIRST_BACKOFF_MS = 500;
/** Longest wait between two attempts, ms. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Delivers alarm state changes to a webhook (the role SNS plays for CloudWatch), as a JSON POST shaped like
 * CloudWatch's alarm message. An attempt that fails (network, timeout, non-2xx) is retried with backoff (500 ms,
 * doubling, at most 30 s) up to `attempts`; the outcome is logged and counted. A newer state change of the same alarm
 * supersedes a delivery still retrying (an old ALARM never lands after the OK that followed it). At shutdown the
 * waits end and the attempts under way are awaited.
 */
export class WebhookNotifier {
  private readonly logger = new Logger(WebhookNotifier.name);
  private readonly inFlight = new Set<Promise<void>>();
  /** The newest notification of each alarm: an older one still retrying gives up. */
  private readonly newest = new Map<string, number>();
  private sequence = 0;
  private readonly closing = new AbortController();

  constructor(
    private readonly settings: WebhookSettings,
    private readonly metrics: MonitorMetrics,
  ) {}

  /** Starts delivering `message` (no-op without a URL). */
  notify(message: Record<string, unknown>): void {
    if (!this.settings.url || this.closing.signal.aborted) return;
    const alarm = String(message.AlarmName);
    const id = ++this.sequence;
    this.newest.set(alarm, id);
    const delivery = this.deliver(this.settings.url, JSON.stringify(message), alarm, id);
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** Stops retrying and waits for the attempts under way. */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all(this.inFlight);
  }

  private async deliver(url: string, body: string, alarm: string, id: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const failure = await this.attempt(url, body);
      if (!failure) {
        this.metrics.notified('delivered');
        return;
      }
      if (this.newest.get(alarm) !== id) return; // a newer state change of this alarm is being delivered
      if (attempt >= this.settings.attempts || this.closing.signal.aborted) {
        this.metrics.notified('failed');
        this.logger.error({
          msg: 'alarm notification not delivered',
          alarm,
          attempts: attempt,
          err: failure,
        });
        return;
      }
      this.metrics.notified('retried');
      this.logger.warn({ msg: 'alarm notification failed; retrying', alarm, attempt, err: failure });
      await this.pause(Math.min(FIRST_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS));
    }
  }

  /** Waits `ms`, or less when the notifier closes. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.closing.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  /** One POST; the failure's description, or undefined when delivered. */
  private async attempt(url: string, body: string): Promise<string | undefined> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return String(error);
    }
  }
}
