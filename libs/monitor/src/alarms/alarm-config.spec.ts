import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlarmConfigError, alarmWindowProblems, loadAlarmDefinitions } from './alarm-config';
import { DEFAULT_ALARMS } from './default-alarms';

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fc-alarms-')), 'alarms.json');
  writeFileSync(path, content);
  return path;
}

describe('loadAlarmDefinitions', () => {
  it('runs the defaults without a file', () => {
    expect(loadAlarmDefinitions().map((alarm) => alarm.name)).toEqual(
      DEFAULT_ALARMS.map((alarm) => alarm.name),
    );
  });

  it('changes a default by name, adds a new alarm and drops a disabled one', () => {
    const alarms = loadAlarmDefinitions(
      file(
        JSON.stringify([
          { name: 'CurrConnectionsHigh', threshold: 5000 },
          { name: 'EngineCPUUtilizationHigh', enabled: false },
          {
            name: 'ItemsHigh',
            source: 'engine',
            metric: 'CurrItems',
            statistic: 'Maximum',
            periodSeconds: 60,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            threshold: 1e6,
            comparison: 'GreaterThanThreshold',
            treatMissingData: 'missing',
          },
        ]),
      ),
    );
    expect(alarms.find((alarm) => alarm.name === 'CurrConnectionsHigh')?.threshold).toBe(5000);
    expect(alarms.some((alarm) => alarm.name === 'EngineCPUUtilizationHigh')).toBe(false);
    expect(alarms.find((alarm) => alarm.name === 'ItemsHigh')?.metric).toBe('CurrItems');
  });

  it.each([
    ['not JSON', '{', /not readable JSON/],
    ['not an array', '{"name":"x"}', /JSON array/],
    ['an incomplete new alarm', '[{"name":"New"}]', /New: /],
    ['a bad comparison', '[{"name":"CacheNodeDown","comparison":"Above"}]', /CacheNodeDown: .*comparison/],
    ['an unknown field', '[{"name":"CacheNodeDown","treshold":1}]', /CacheNodeDown: .*treshold/],
    [
      'more datapoints than periods',
      '[{"name":"CacheNodeDown","datapointsToAlarm":3}]',
      /datapointsToAlarm exceeds/,
    ],
  ])('refuses %s with the reason', (_case, content, reason) => {
    expect(() => loadAlarmDefinitions(file(content))).toThrow(AlarmConfigError);
    expect(() => loadAlarmDefinitions(file(content))).toThrow(reason);
  });
});

describe('alarm settings against the collection', () => {
  it('refuses a dimension the series do not have', () => {
    expect(() =>
      loadAlarmDefinitions(file('[{"name":"CacheNodeDown","dimensions":{"service":"user-service"}}]')),
    ).toThrow(/CacheNodeDown: dimension service must be one of engine, node, role, entity/);
  });

  it('names an alarm period shorter than the collection period, and a window longer than the history', () => {
    const alarms = loadAlarmDefinitions();
    expect(alarmWindowProblems(alarms, 60_000, 1440)).toEqual([]);
    expect(alarmWindowProblems(alarms, 120_000, 1440).join('\n')).toMatch(
      /CacheNodeDown: periodSeconds 60 is shorter/,
    );
    expect(alarmWindowProblems(alarms, 200, 1440).join('\n')).toMatch(
      /EvictionsNonZero: its window .* longer than the history/,
    );
  });
});
