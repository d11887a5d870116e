import type { Series } from '../store/metric-store';
import type { AlarmDefinition } from './alarm-definition';
import type { AlarmStateValue } from './alarm-state';

/** The outcome of evaluating an alarm once. */
export interface Evaluation {
  state: AlarmStateValue;
  reason: string;
  /** One per evaluation period, oldest first; null where no series had a point. */
  datapoints: Array<number | null>;
}

type Rule = Pick<
  AlarmDefinition,
  | 'statistic'
  | 'periodSeconds'
  | 'evaluationPeriods'
  | 'datapointsToAlarm'
  | 'threshold'
  | 'comparison'
  | 'treatMissingData'
>;

const COMPARE: Record<Rule['comparison'], { test: (v: number, t: number) => boolean; words: string }> = {
  GreaterThanThreshold: { test: (v, t) => v > t, words: 'greater than' },
  GreaterThanOrEqualToThreshold: { test: (v, t) => v >= t, words: 'greater than or equal to' },
  LessThanThreshold: { test: (v, t) => v < t, words: 'less than' },
  LessThanOrEqualToThreshold: { test: (v, t) => v <= t, words: 'less than or equal to' },
};

/**
 * Evaluates an alarm the way CloudWatch does, at `now`: the last `evaluationPeriods` periods (ending at `now`), one
 * datapoint each (the statistic over every matching series' points in the period), then `datapointsToAlarm` of them
 * breaching → ALARM. Missing datapoints: `missing` skips them (all missing → INSUFFICIENT_DATA), `notBreaching` counts
 * them good, `breaching` bad, `ignore` keeps the current state when all are missing.
 */
export function evaluateAlarm(
  rule: Rule,
  series: Series[],
  now: number,
  current: AlarmStateValue,
): Evaluation {
  const datapoints = periodDatapoints(rule, series, now);
  const compare = COMPARE[rule.comparison];
  const present = datapoints.filter((value): value is number => value !== null);
  const missing = datapoints.length - present.length;
  const breaching =
    present.filter((value) => compare.test(value, rule.threshold)).length +
    (rule.treatMissingData === 'breaching' ? missing : 0);
  const listed = datapoints.map((value) => (value === null ? '–' : round(value))).join(', ');
  if (present.length === 0 && (rule.treatMissingData === 'missing' || rule.treatMissingData === 'ignore')) {
    const state = rule.treatMissingData === 'ignore' ? current : 'INSUFFICIENT_DATA';
    return {
      state,
      reason: `Insufficient Data: no datapoint in the last ${datapoints.length} period(s)`,
      datapoints,
    };
  }
  const alarm = breaching >= rule.datapointsToAlarm;
  const culprits = alarm ? breachingSeries(rule, series, now) : '';
  const reason =
    `${alarm ? 'Threshold Crossed' : 'Threshold Not Crossed'}: ${breaching} out of the last ${datapoints.length} ` +
    `datapoints [${listed}] were ${compare.words} the threshold (${rule.threshold}) ` +
    `(minimum ${rule.datapointsToAlarm} datapoint(s) for OK -> ALARM transition).${culprits}`;
  return { state: alarm ? 'ALARM' : 'OK', reason, datapoints };
}

/** The series whose latest point in the last period breaches, named (` Breaching: 127.0.0.1:7004, …`). */
function breachingSeries(rule: Rule, series: Series[], now: number): string {
  const from = now - rule.periodSeconds * 1000;
  const names = series
    .filter(({ points }) => {
      const last = points[points.length - 1];
      return last !== undefined && last[0] > from && COMPARE[rule.comparison].test(last[1], rule.threshold);
    })
    .map((found) => found.node ?? found.entity ?? found.metric);
  return names.length ? ` Breaching: ${names.slice(0, 10).join(', ')}.` : '';
}

function periodDatapoints(rule: Rule, series: Series[], now: number): Array<number | null> {
  const periodMs = rule.periodSeconds * 1000;
  const datapoints: Array<number | null> = [];
  for (let i = rule.evaluationPeriods; i > 0; i--) {
    const from = now - i * periodMs;
    const to = from + periodMs;
    const values: number[] = [];
    for (const { points } of series)
      for (const [at, value] of points) if (at > from && at <= to) values.push(value);
    datapoints.push(values.length === 0 ? null : statistic(rule.statistic, values));
  }
  return datapoints;
}

function statistic(name: Rule['statistic'], values: number[]): number {
  switch (name) {
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'SampleCount':
      return values.length;
    default:
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
