import { Injectable, Logger } from '@nestjs/common';
import { throttle } from '@fleetcache/core';
import type { ChangeEvent, RedisEventServerObserver } from '@fleetcache/events';
import { ReplayService } from '../replay/replay.service';
import { WarmerMetrics } from '../warmer.metrics';

/** Connects the event server to the warmer: counts what arrives, logs bad messages, replays after interruptions. */
@Injectable()
export class WarmerObserver implements RedisEventServerObserver {
  private readonly logger = new Logger(WarmerObserver.name);
  private readonly logGate = throttle(1000);

  constructor(
    private readonly metrics: WarmerMetrics,
    private readonly replay: ReplayService,
  ) {}

  invalid(channel: string, error: unknown): void {
    this.metrics.invalidMessage();
    // A flood of garbage must not flood the logs: at most one line a second.
    if (!this.logGate()) return;
    this.logger.warn({ msg: 'dropped an invalid message', channel, err: String(error) });
  }

  received(event: ChangeEvent): void {
    this.metrics.receivedEvent(event.type);
  }

  interrupted(reason: string): void {
    this.logger.warn({ msg: 'event subscription interrupted; replaying the outboxes', reason });
    this.replay.trigger(`interrupted:${reason}`);
  }
}
