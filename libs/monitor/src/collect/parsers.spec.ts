import { histogramQuantile } from './histogram-quantile';
import { parsePrometheusText } from './prometheus-text';
import { parseClusterNodes } from './redis-nodes';
import { commandTotals, parseRedisInfo, reportedReplicas, totalKeys } from './redis-info';

describe('INFO and CLUSTER NODES parsing', () => {
  const info = parseRedisInfo(
    '# Replication\r\nrole:master\r\nslave0:ip=10.0.0.2,port=7003,state=online,offset=10,lag=7\r\n# Keyspace\r\ndb0:keys=5,expires=1\r\ndb1:keys=2,expires=0\r\n# Commandstats\r\ncmdstat_get:calls=4,usec=40,usec_per_call=10\r\ncmdstat_evalsha:calls=2,usec=30\r\ncmdstat_ping:calls=9,usec=9\r\n',
  );

  it('reads fields, replicas as their master reports them, keys and command latency totals', () => {
    expect(info.get('role')).toBe('master');
    expect(reportedReplicas(info)).toEqual([{ address: '10.0.0.2:7003', lagSeconds: 7 }]);
    expect(totalKeys(info)).toBe(7);
    expect(commandTotals(info)).toEqual({ get: { calls: 4, usec: 40 }, set: { calls: 2, usec: 30 } });
  });

  it('lists cluster nodes with their role, failed ones marked, handshakes left out', () => {
    const nodes = parseClusterNodes(
      [
        'a1 127.0.0.1:7000@17000,redis-0 myself,master - 0 0 1 connected 0-5460',
        'b2 127.0.0.1:7003@17003 slave a1 0 0 1 connected',
        'c3 127.0.0.1:7004@17004 slave,fail a1 0 0 1 disconnected',
        'd4 :0@0 master,noaddr - 0 0 0 disconnected',
        'e5 127.0.0.1:7009@17009 handshake - 0 0 0 connected',
      ].join('\n'),
    );
    expect(nodes).toEqual([
      { address: '127.0.0.1:7000', role: 'master', failed: false },
      { address: '127.0.0.1:7003', role: 'replica', failed: false },
      { address: '127.0.0.1:7004', role: 'replica', failed: true },
      { address: ':0', role: 'master', failed: true },
    ]);
  });
});

describe('histogramQuantile', () => {
  it('interpolates within the bucket, like PromQL', () => {
    const buckets = new Map([
      [0.1, 50],
      [1, 90],
      [10, 100],
      [Number.POSITIVE_INFINITY, 100],
    ]);
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(1 + 9 * 0.9);
    expect(
      histogramQuantile(
        0.99,
        new Map([
          [1, 0],
          [Number.POSITIVE_INFINITY, 0],
        ]),
      ),
    ).toBeUndefined();
  });
});

describe('parsePrometheusText', () => {
  it('reads every label set of a histogram, escaped label values, +Inf, and skips comments and junk', () => {
    const samples = parsePrometheusText(
      [
        '# HELP h lag',
        '# TYPE h histogram',
        'h_bucket{le="1",delivery="live"} 1',
        'h_bucket{le="+Inf",delivery="live"} 2',
        'h_bucket{le="1",delivery="replay"} 5',
        'g{path="a\\"b\\\\c",x="y"} 3.5 1700000000000',
        'plain 7',
        'not a sample',
        'bad{le="1"} NaNish',
      ].join('\n'),
    );
    expect(samples).toEqual([
      { name: 'h_bucket', labels: { le: '1', delivery: 'live' }, value: 1 },
      { name: 'h_bucket', labels: { le: '+Inf', delivery: 'live' }, value: 2 },
      { name: 'h_bucket', labels: { le: '1', delivery: 'replay' }, value: 5 },
      { name: 'g', labels: { path: 'a"b\\c', x: 'y' }, value: 3.5 },
      { name: 'plain', labels: {}, value: 7 },
    ]);
  });
});
