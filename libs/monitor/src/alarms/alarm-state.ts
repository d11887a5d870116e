/** The states of an alarm, as CloudWatch names them. */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The value of `fleetcache_alarm_state{alarm}` for each state. */
export const ALARM_STATE_GAUGE: Readonly<Record<AlarmStateValue, number>> = Object.freeze({
  OK: 0,
  ALARM: 1,
  INSUFFICIENT_DATA: 2,
});

/** An alarm as `GET /alarms` lists it: its definition, its state and why it is in it. */
export interface AlarmStatus {
  name: string;
  description: string;
  metric: string;
  /** The dimensions the alarm watches (e.g. `{ engine: 'redis' }`); empty: every series of the metric. */
  dimensions: Record<string, string>;
  statistic: string;
  comparison: string;
  threshold: number;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: string;
  state: AlarmStateValue;
  /** Why the alarm is in its state, in CloudWatch's words ("Threshold Crossed: …"). */
  stateReason: string;
  /** When the state last changed (ISO 8601). */
  stateChangedAt: string;
  /** The datapoints of the last evaluation, oldest first (null: missing). */
  lastDatapoints: Array<number | null>;
}
