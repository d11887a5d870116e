import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AlarmDefinition } from './alarm-definition';
import { DEFAULT_ALARMS } from './default-alarms';

/** The dimensions an alarm may filter series by (a service is a `node` of the app source). */
const ALARM_DIMENSIONS = ['engine', 'node', 'role', 'entity'];

/** The alarms file is malformed: what is wrong, by alarm. */
export class AlarmConfigError extends Error {}

/**
 * The alarms to run: the defaults, with the file's (MONITOR_ALARMS_FILE, a JSON array) merged in by name: an entry
 * naming a default changes the fields it gives, a new name must give every field, `enabled: false` drops the alarm.
 * Validated once at start; a bad file stops the app with the reason.
 */
export function loadAlarmDefinitions(file?: string): AlarmDefinition[] {
  const byName = new Map<string, Record<string, unknown>>(
    DEFAULT_ALARMS.map((alarm) => [alarm.name, { ...alarm }]),
  );
  for (const entry of file ? readEntries(file) : []) {
    const name = String(entry.name);
    byName.set(name, { ...(byName.get(name) ?? {}), ...entry });
  }
  const problems: string[] = [];
  const alarms: AlarmDefinition[] = [];
  for (const [name, raw] of byName) {
    const alarm = plainToInstance(AlarmDefinition, raw);
    const errors = validateSync(alarm, { whitelist: true, forbidNonWhitelisted: true });
    if (alarm.datapointsToAlarm > alarm.evaluationPeriods)
      problems.push(`${name}: datapointsToAlarm exceeds evaluationPeriods`);
    for (const [key, value] of Object.entries(alarm.dimensions ?? {}))
      if (!ALARM_DIMENSIONS.includes(key) || typeof value !== 'string')
        problems.push(
          `${name}: dimension ${key} must be one of ${ALARM_DIMENSIONS.join(', ')}, with a string value`,
        );
    for (const error of errors)
      problems.push(`${name}: ${Object.values(error.constraints ?? {}).join('; ')}`);
    if (alarm.enabled !== false) alarms.push(alarm);
  }
  if (problems.length) throw new AlarmConfigError(`Invalid alarms in ${file}:\n  ${problems.join('\n  ')}`);
  return alarms;
}

function readEntries(file: string): Array<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AlarmConfigError(`MONITOR_ALARMS_FILE ${file} is not readable JSON: ${String(error)}`);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.some((entry) => typeof entry !== 'object' || entry === null || typeof entry.name !== 'string')
  )
    throw new AlarmConfigError(
      `MONITOR_ALARMS_FILE ${file} must be a JSON array of objects, each with a "name"`,
    );
  return parsed as Array<Record<string, unknown>>;
}

/**
 * Problems of alarms against the collection: a period shorter than the collector's leaves periods without a
 * datapoint (M of N could never be met); a window longer than the kept history is never seen whole.
 */
export function alarmWindowProblems(
  alarms: readonly AlarmDefinition[],
  periodMs: number,
  historyPoints: number,
): string[] {
  const problems: string[] = [];
  for (const alarm of alarms) {
    const alarmPeriodMs = alarm.periodSeconds * 1000;
    if (alarmPeriodMs < periodMs)
      problems.push(
        `${alarm.name}: periodSeconds ${alarm.periodSeconds} is shorter than MONITOR_PERIOD_MS ${periodMs}`,
      );
    if (alarmPeriodMs * alarm.evaluationPeriods > historyPoints * periodMs)
      problems.push(
        `${alarm.name}: its window (${alarm.periodSeconds} s × ${alarm.evaluationPeriods}) is longer than the history kept (MONITOR_HISTORY_POINTS × MONITOR_PERIOD_MS)`,
      );
  }
  return problems;
}
