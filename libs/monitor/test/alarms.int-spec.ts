import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { StandaloneRedis } from '@fleetcache/cache/testing';
import type { AlarmStatus } from '../src/index';
import { eventually, startMonitor, WebhookReceiver, type RunningMonitor } from './monitor-support';

/** An alarms file: short periods so each alarm can fire within seconds. */
function alarmsFile(entries: Array<Record<string, unknown>>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fc-alarms-')), 'alarms.json');
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

const inState = (state: AlarmStatus['state']) => (alarm: AlarmStatus) => alarm.state === state;

/** Starts the monitor on one throwaway Redis server (and the replicas it reports), sampling every 200 ms. */
function monitorOn(
  server: StandaloneRedis,
  alarms: Array<Record<string, unknown>>,
  extra: Record<string, string> = {},
) {
  return startMonitor({
    MONITOR_PERIOD_MS: '200',
    REDIS_MODE: 'single',
    REDIS_NODES: `127.0.0.1:${server.port}`,
    MONITOR_ALARMS_FILE: alarmsFile(alarms),
    ...extra,
  });
}

describe('cache-monitor alarms on real Redis servers', () => {
  let server: StandaloneRedis;
  let redis: Redis;
  let monitor: RunningMonitor | undefined;

  beforeEach(async () => {
    server = await new StandaloneRedis().start(['--maxmemory', '4mb', '--maxmemory-policy', 'allkeys-lru']);
    redis = new Redis({ port: server.port, lazyConnect: true });
  });

  afterEach(async () => {
    await monitor?.close();
    monitor = undefined;
    redis.disconnect();
    await server.stop();
  });

  it('raises Evictions when a small maxmemory is flooded, and notifies the webhook through a failed first attempt', async () => {
    const hook = new WebhookReceiver(1);
    const url = await hook.start();
    try {
      monitor = await monitorOn(server, [{ name: 'EvictionsNonZero', periodSeconds: 1 }], {
        MONITOR_WEBHOOK_URL: url,
      });
      expect((await eventually(() => monitor!.alarm('EvictionsNonZero'), inState('OK'))).state).toBe('OK');

      const value = 'x'.repeat(1024);
      for (let batch = 0; batch < 20; batch++) {
        const pipeline = redis.pipeline();
        for (let i = 0; i < 500; i++) pipeline.set(`flood:${batch}:${i}`, value);
        await pipeline.exec();
      }

      const alarm = await eventually(() => monitor!.alarm('EvictionsNonZero'), inState('ALARM'));
      expect(alarm).toMatchObject({
        state: 'ALARM',
        stateReason: expect.stringContaining('Threshold Crossed'),
      });
      expect(alarm.stateReason).toContain(`127.0.0.1:${server.port}`);
      const notified = await eventually(
        async () => hook.received.filter((message) => message.NewStateValue === 'ALARM'),
        (messages) => messages.length > 0,
      );
      expect(notified[0]).toMatchObject({
        AlarmName: 'EvictionsNonZero',
        OldStateValue: 'OK',
        Trigger: { MetricName: 'Evictions' },
      });
      expect(hook.attempts).toBeGreaterThanOrEqual(2); // the first POST got a 500 and was retried
      const metrics = await (await fetch(`${monitor.internalUrl}/metrics`)).text();
      expect(metrics).toMatch(/fleetcache_alarm_state\{alarm="EvictionsNonZero"\} 1/);
      expect(metrics).toMatch(/fleetcache_alarm_notifications_total\{result="retried"\} [1-9]/);
      expect(metrics).toMatch(
        new RegExp(
          `fleetcache_engine_Evictions\\{engine="redis",node="127.0.0.1:${server.port}",role="master"\\}`,
        ),
      );
    } finally {
      await hook.stop();
    }
  });

  it('raises the hit-rate alarm on a burst of misses, clears it when hits return, and never fires without traffic', async () => {
    monitor = await monitorOn(server, [
      { name: 'CacheHitRateLow', periodSeconds: 0.5, evaluationPeriods: 2, datapointsToAlarm: 2 },
    ]);
    // No traffic: no datapoints, treated as not breaching.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await monitor.alarm('CacheHitRateLow')).state).toBe('OK');

    const traffic = async (keys: string[], ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end;) {
        await Promise.all(keys.map((key) => redis.get(key)));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await traffic(['missing:1', 'missing:2', 'missing:3'], 1800);
    expect((await eventually(() => monitor!.alarm('CacheHitRateLow'), inState('ALARM'))).state).toBe('ALARM');

    await redis.set('present', '1');
    await traffic(['present', 'present', 'present'], 1800);
    expect((await eventually(() => monitor!.alarm('CacheHitRateLow'), inState('OK'))).state).toBe('OK');
  });

  it('raises ReplicationLag when a replica is paused, as its master sees it, and clears once it runs again', async () => {
    const replica = await new StandaloneRedis().start(['--replicaof', '127.0.0.1', String(server.port)]);
    try {
      await eventually(
        async () => (await redis.info('replication')).includes('state=online'),
        (online) => online,
      );
      monitor = await monitorOn(server, [
        {
          name: 'ReplicationLagHigh',
          periodSeconds: 1,
          evaluationPeriods: 2,
          datapointsToAlarm: 2,
          threshold: 2,
        },
      ]);
      expect((await eventually(() => monitor!.alarm('ReplicationLagHigh'), inState('OK'))).state).toBe('OK');

      replica.pause();
      const alarm = await eventually(() => monitor!.alarm('ReplicationLagHigh'), inState('ALARM'));
      expect(alarm.stateReason).toContain(`127.0.0.1:${replica.port}`);

      replica.resume();
      expect((await eventually(() => monitor!.alarm('ReplicationLagHigh'), inState('OK'))).state).toBe('OK');
    } finally {
      await replica.stop();
    }
  }, 40_000);

  it('raises CacheNodeDown when a node stops, naming it, and keeps collecting', async () => {
    monitor = await monitorOn(server, [{ name: 'CacheNodeDown', periodSeconds: 0.5 }]);
    expect((await eventually(() => monitor!.alarm('CacheNodeDown'), inState('OK'))).state).toBe('OK');

    redis.disconnect();
    await server.stop();

    const alarm = await eventually(() => monitor!.alarm('CacheNodeDown'), inState('ALARM'));
    expect(alarm.stateReason).toContain(`127.0.0.1:${server.port}`);
    const live = await fetch(`${monitor.internalUrl}/health/live`);
    expect(live.status).toBe(200);
    server = await new StandaloneRedis().start([]); // for afterEach
  });
});
