import { LOCAL_STACK_MEMCACHED, LOCAL_STACK_REDIS } from '@fleetcache/cache/testing';
import { eventually, startMonitor, type RunningMonitor } from './monitor-support';

const nodes = (ports: Array<{ port: number }>) => ports.map(({ port }) => `127.0.0.1:${port}`).join(',');

describe('cache-monitor on the local stack (Redis Cluster and Memcached)', () => {
  let monitor: RunningMonitor;

  beforeAll(async () => {
    monitor = await startMonitor({
      MONITOR_PERIOD_MS: '300',
      MONITOR_ENGINES: 'redis,memcached',
      REDIS_NODES: nodes(LOCAL_STACK_REDIS.cluster),
      MEMCACHED_NODES: nodes([...LOCAL_STACK_MEMCACHED]),
    });
  });

  afterAll(() => monitor.close());

  it('samples every cluster node, masters and replicas, and every Memcached node, under CloudWatch names', async () => {
    const metrics = await eventually(
      async () => (await fetch(`${monitor.internalUrl}/metrics`)).text(),
      (text) => (text.match(/fleetcache_engine_NewConnections\{/g) ?? []).length >= 9, // rates need two samples
    );
    const up = [
      ...metrics.matchAll(/fleetcache_engine_Up\{engine="(\w+)",node="([^"]+)",role="(\w+)"\} (\d)/g),
    ];
    const redisNodes = up.filter(([, engine]) => engine === 'redis');
    expect(redisNodes).toHaveLength(6);
    expect(redisNodes.filter(([, , , role]) => role === 'master')).toHaveLength(3);
    expect(redisNodes.filter(([, , , role]) => role === 'replica')).toHaveLength(3);
    expect(
      up
        .filter(([, engine]) => engine === 'memcached')
        .map(([, , node]) => node)
        .sort(),
    ).toEqual(LOCAL_STACK_MEMCACHED.map(({ port }) => `127.0.0.1:${port}`));
    expect(up.every(([, , , , value]) => value === '1')).toBe(true);
    for (const name of [
      'IsMaster',
      'CurrConnections',
      'CurrItems',
      'DatabaseMemoryUsagePercentage',
      'EngineCPUUtilization',
      'NetworkBytesIn',
    ])
      expect(metrics).toMatch(new RegExp(`fleetcache_engine_${name}\\{engine="redis"`));
    for (const name of [
      'CurrConnections',
      'CurrItems',
      'DatabaseMemoryUsagePercentage',
      'CPUUtilization',
      'Evictions',
    ])
      expect(metrics).toMatch(new RegExp(`fleetcache_engine_${name}\\{engine="memcached"`));
    expect(metrics).toMatch(
      /fleetcache_engine_ReplicationLag\{engine="redis",node="[^"]+",role="replica"\} \d/,
    );
  });

  it('answers GET /alarms with every default alarm, and only on the internal port', async () => {
    const { alarms } = (await (await fetch(`${monitor.internalUrl}/alarms`)).json()) as {
      alarms: Array<{ name: string; state: string }>;
    };
    expect(alarms.map((alarm) => alarm.name)).toEqual(
      expect.arrayContaining([
        'CacheHitRateLow',
        'EngineCPUUtilizationHigh',
        'DatabaseMemoryUsageHigh',
        'EvictionsNonZero',
        'ReplicationLagHigh',
        'CurrConnectionsHigh',
        'CacheNodeDown',
        'OutboxBacklogGrowing',
        'WarmerLagP99High',
      ]),
    );
    for (const alarm of alarms) expect(['OK', 'ALARM', 'INSUFFICIENT_DATA']).toContain(alarm.state);
    const publicUrl = monitor.app.getHttpServer().address() as { port: number };
    expect((await fetch(`http://127.0.0.1:${publicUrl.port}/alarms`)).status).toBe(404);
  });

  it('serves the dashboard and a snapshot of the sampled series on the internal port only', async () => {
    const page = await fetch(`${monitor.internalUrl}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const snapshot = (await (await fetch(`${monitor.internalUrl}/dashboard/api/snapshot`)).json()) as {
      series: Array<{ metric: string; node?: string }>;
    };
    expect(
      snapshot.series.some((series) => series.metric === 'CacheHitRate' || series.metric === 'CurrItems'),
    ).toBe(true);
    const publicUrl = monitor.app.getHttpServer().address() as { port: number };
    expect((await fetch(`http://127.0.0.1:${publicUrl.port}/dashboard`)).status).toBe(404);
  });
});
