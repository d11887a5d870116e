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

/**
 * Delivers alarm state changes to a webhook (the role SNS plays for CloudWatch), as a JSON POST shaped like
 * CloudWatch's alarm message. An attempt that fails (network, timeout, non-2xx) is retried with backoff (500 ms,
 * doubling) up to `attempts`; the outcome is logged and counted. Deliveries in flight are awaited at shutdown.
 */
export class WebhookNotifier {
  private readonly logger = new Logger(WebhookNotifier.name);
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly settings: WebhookSettings,
    private readonly metrics: MonitorMetrics,
  ) {}

  /** Starts delivering `message` (no-op without a URL). */
  notify(message: Record<string, unknown>): void {
    if (!this.settings.url || this.closed) return;
    const delivery = this.deliver(this.settings.url, JSON.stringify(message), String(message.AlarmName));
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** Stops retrying and waits for the attempts under way. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.inFlight);
  }

  private async deliver(url: string, body: string, alarm: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const failure = await this.attempt(url, body);
      if (!failure) {
        this.metrics.notified('delivered');
        return;
      }
      if (attempt >= this.settings.attempts || this.closed) {
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
      await new Promise((resolve) => setTimeout(resolve, FIRST_BACKOFF_MS * 2 ** (attempt - 1)).unref());
    }
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
