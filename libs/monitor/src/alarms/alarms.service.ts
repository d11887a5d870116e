import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MonitorMetrics } from '../metrics/monitor-metrics';
import { METRIC_STORE, MONITOR_SETTINGS } from '../monitor.constants';
import type { MonitorSettings } from '../monitor.settings';
import type { MetricStore } from '../store/metric-store';
import type { AlarmDefinition } from './alarm-definition';
import { evaluateAlarm } from './alarm-evaluator';
import type { AlarmStateValue, AlarmStatus } from './alarm-state';
import { WebhookNotifier } from './webhook-notifier';

interface AlarmRecord {
  definition: AlarmDefinition;
  state: AlarmStateValue;
  reason: string;
  changedAt: number;
  datapoints: Array<number | null>;
}

/**
 * Holds every alarm and its state. After each collection it evaluates them all against the metric store; a state
 * change is logged, counted, exported (`fleetcache_alarm_state{alarm}`) and sent to the webhook. Every alarm starts
 * in INSUFFICIENT_DATA, as CloudWatch's do.
 */
@Injectable()
export class AlarmsService implements OnApplicationShutdown {
  private readonly logger = new Logger(AlarmsService.name);
  private readonly alarms: AlarmRecord[];
  private readonly notifier: WebhookNotifier;

  constructor(
    @Inject(MONITOR_SETTINGS) settings: MonitorSettings,
    @Inject(METRIC_STORE) private readonly store: MetricStore,
    private readonly metrics: MonitorMetrics,
  ) {
    const now = Date.now();
    this.alarms = settings.alarms.map((definition) => ({
      definition,
      state: 'INSUFFICIENT_DATA',
      reason: 'Unchecked: the alarm has not been evaluated yet',
      changedAt: now,
      datapoints: [],
    }));
    for (const alarm of this.alarms) this.metrics.alarmIs(alarm.definition.name, alarm.state);
    this.notifier = new WebhookNotifier(settings.webhook, metrics);
  }

  /** Evaluates every alarm at `now` (after a collection). */
  evaluate(now: number): void {
    for (const alarm of this.alarms) {
      const { source, metric, dimensions } = alarm.definition;
      const since = now - alarm.definition.periodSeconds * 1000 * alarm.definition.evaluationPeriods;
      const series = this.store.select({ source, metric, ...dimensions }, since);
      const evaluation = evaluateAlarm(alarm.definition, series, now, alarm.state);
      alarm.datapoints = evaluation.datapoints;
      if (evaluation.state === alarm.state) {
        alarm.reason = evaluation.reason;
        continue;
      }
      this.transition(alarm, evaluation.state, evaluation.reason, now);
    }
  }

  /** Every alarm with its state, in definition order. */
  list(): AlarmStatus[] {
    return this.alarms.map(({ definition: d, state, reason, changedAt, datapoints }) => ({
      name: d.name,
      description: d.description,
      metric: d.metric,
      dimensions: { source: d.source, ...d.dimensions },
      statistic: d.statistic,
      comparison: d.comparison,
      threshold: d.threshold,
      periodSeconds: d.periodSeconds,
      evaluationPeriods: d.evaluationPeriods,
      datapointsToAlarm: d.datapointsToAlarm,
      treatMissingData: d.treatMissingData,
      state,
      stateReason: reason,
      stateChangedAt: new Date(changedAt).toISOString(),
      lastDatapoints: datapoints,
    }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifier.close();
  }

  private transition(alarm: AlarmRecord, state: AlarmStateValue, reason: string, now: number): void {
    const old = alarm.state;
    Object.assign(alarm, { state, reason, changedAt: now });
    const name = alarm.definition.name;
    this.metrics.alarmIs(name, state);
    this.metrics.transitioned(name, state);
    this.logger[state === 'ALARM' ? 'warn' : 'log']({
      msg: 'alarm state changed',
      alarm: name,
      from: old,
      to: state,
      reason,
    });
    this.notifier.notify(alarmMessage(alarm, old));
  }
}

/** A state change as CloudWatch words its alarm notifications. */
function alarmMessage(alarm: AlarmRecord, old: AlarmStateValue): Record<string, unknown> {
  const d = alarm.definition;
  return {
    AlarmName: d.name,
    AlarmDescription: d.description,
    NewStateValue: alarm.state,
    NewStateReason: alarm.reason,
    OldStateValue: old,
    StateChangeTime: new Date(alarm.changedAt).toISOString(),
    Trigger: {
      MetricName: d.metric,
      Namespace: d.source === 'engine' ? 'AWS/ElastiCache' : 'fleetcache',
      Dimensions: Object.entries(d.dimensions).map(([name, value]) => ({ name, value })),
      Statistic: d.statistic,
      Period: d.periodSeconds,
      EvaluationPeriods: d.evaluationPeriods,
      DatapointsToAlarm: d.datapointsToAlarm,
      ComparisonOperator: d.comparison,
      Threshold: d.threshold,
      TreatMissingData: d.treatMissingData,
    },
  };
}
