import type { Series } from '../store/metric-store';
import { evaluateAlarm } from './alarm-evaluator';

const rule = {
  statistic: 'Maximum' as const,
  periodSeconds: 1,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  threshold: 5,
  comparison: 'GreaterThanThreshold' as const,
  treatMissingData: 'missing' as const,
};
const NOW = 100_000;
const series = (node: string, ...points: Array<[number, number]>): Series => ({
  id: node,
  source: 'engine',
  metric: 'ReplicationLag',
  node,
  points: points.map(([secondsAgo, value]) => [NOW - secondsAgo * 1000, value]),
});

describe('evaluateAlarm', () => {
  it('alarms when M of the last N datapoints breach, reducing every series of a period by the statistic', () => {
    const found = evaluateAlarm(
      rule,
      [series('a', [2.5, 1], [1.5, 9], [0.5, 7]), series('b', [2.5, 6])],
      NOW,
      'OK',
    );
    expect(found.datapoints).toEqual([6, 9, 7]);
    expect(found.state).toBe('ALARM');
    expect(found.reason).toMatch(
      /^Threshold Crossed: 3 out of the last 3 datapoints \[6, 9, 7\] were greater than the threshold \(5\)/,
    );
    expect(found.reason).toContain('Breaching: a.');
  });

  it('stays OK below M breaching datapoints', () => {
    expect(evaluateAlarm(rule, [series('a', [2.5, 9], [1.5, 1], [0.5, 1])], NOW, 'ALARM').state).toBe('OK');
  });

  it.each([
    ['missing', 'INSUFFICIENT_DATA'],
    ['notBreaching', 'OK'],
    ['breaching', 'ALARM'],
    ['ignore', 'ALARM'],
  ] as const)('with no datapoints, treatMissingData %s gives %s (from ALARM)', (treatMissingData, state) => {
    expect(evaluateAlarm({ ...rule, treatMissingData }, [], NOW, 'ALARM').state).toBe(state);
  });

  it('counts missing datapoints as breaching only when told to', () => {
    const oneBreach = [series('a', [0.5, 9])];
    expect(evaluateAlarm(rule, oneBreach, NOW, 'OK').state).toBe('OK');
    expect(evaluateAlarm({ ...rule, treatMissingData: 'breaching' }, oneBreach, NOW, 'OK').state).toBe(
      'ALARM',
    );
  });

  it.each([
    ['Average', 4],
    ['Minimum', 2],
    ['Sum', 8],
    ['SampleCount', 2],
  ] as const)('reduces a period by %s', (statistic, expected) => {
    const found = evaluateAlarm(
      { ...rule, statistic, evaluationPeriods: 1, datapointsToAlarm: 1 },
      [series('a', [0.5, 2]), series('b', [0.2, 6])],
      NOW,
      'OK',
    );
    expect(found.datapoints).toEqual([expected]);
  });
});
