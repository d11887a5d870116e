import { Injectable } from '@nestjs/common';
import { counter, gauge } from '@fleetcache/core';
import type { Gauge } from 'prom-client';
import type { SeriesKey } from '../store/metric-store';
import { ALARM_STATE_GAUGE, type AlarmStateValue } from '../alarms/alarm-state';

/**
 * The cache-monitor's metrics in the default Prometheus registry (GET /metrics on the internal port): every engine
 * series as `fleetcache_engine_<CloudWatch name>{engine,node,role}`, the services' as `fleetcache_app_<name>`, and the
 * alarms' states, transitions and notifications.
 */
@Injectable()
export class MonitorMetrics {
  private readonly gauges = new Map<string, Gauge<string>>();
  private readonly alarmState = gauge({
    name: 'fleetcache_alarm_state',
    help: 'State of each alarm: 0 OK, 1 ALARM, 2 INSUFFICIENT_DATA.',
    labelNames: ['alarm'],
  });
  private readonly transitions = counter({
    name: 'fleetcache_alarm_transitions_total',
    help: 'Alarm state changes, by alarm and new state.',
    labelNames: ['alarm', 'state'],
  });
  private readonly notifications = counter({
    name: 'fleetcache_alarm_notifications_total',
    help: 'Webhook notifications of alarm state changes: delivered, retried (an attempt failed), failed (given up).',
    labelNames: ['result'],
  });

  /** Replaces every series' exported value with this collection's (a node that left disappears). */
  exportLatest(points: ReadonlyArray<{ key: SeriesKey; value: number }>): void {
    for (const exported of this.gauges.values()) exported.reset();
    for (const { key, value } of points) {
      const labels: Record<string, string> =
        key.source === 'engine'
          ? { engine: key.engine ?? '', node: key.node ?? '', role: key.role ?? '' }
          : { service: key.node ?? '', entity: key.entity ?? '' };
      this.gaugeFor(key).set(labels, value);
    }
  }

  /** Sets an alarm's state gauge. */
  alarmIs(alarm: string, state: AlarmStateValue): void {
    this.alarmState.set({ alarm }, ALARM_STATE_GAUGE[state]);
  }

  /** Counts a state change. */
  transitioned(alarm: string, state: AlarmStateValue): void {
    this.transitions.inc({ alarm, state });
  }

  /** Counts a notification outcome. */
  notified(result: 'delivered' | 'retried' | 'failed'): void {
    this.notifications.inc({ result });
  }

  private gaugeFor(key: SeriesKey): Gauge<string> {
    const name = `fleetcache_${key.source}_${key.metric}`;
    let found = this.gauges.get(name);
    if (!found) {
      found = gauge({
        name,
        help: `${key.metric} (CloudWatch name) per ${key.source === 'engine' ? 'cache node' : 'service or entity type'}, last period.`,
        labelNames: key.source === 'engine' ? ['engine', 'node', 'role'] : ['service', 'entity'],
      });
      this.gauges.set(name, found);
    }
    return found;
  }
}
