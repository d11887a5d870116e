import type { ConnectionOptions } from 'node:tls';
import { cacheOptionsFromEnv, type MemcachedNode, type RedisConnectionOptions } from '@fleetcache/cache';
import type { AlarmDefinition } from './alarms/alarm-definition';
import { AlarmConfigError, alarmWindowProblems, loadAlarmDefinitions } from './alarms/alarm-config';
import type { WebhookSettings } from './alarms/webhook-notifier';
import type { ScrapeTarget } from './collect/app-scraper';
import type { MonitorServiceEnv } from './monitor.env';

/** What the cache-monitor runs with, from its validated environment. */
export interface MonitorSettings {
  periodMs: number;
  historyPoints: number;
  sampleTimeoutMs: number;
  /** The Redis nodes to sample (seed nodes of a cluster, or the single server); absent: Redis not sampled. */
  redis?: RedisConnectionOptions;
  /** The Memcached nodes to sample (MEMCACHED_NODES; not the nodes a discovery endpoint lists); absent: not sampled. */
  memcached?: { nodes: MemcachedNode[]; tls?: ConnectionOptions };
  scrapeTargets: ScrapeTarget[];
  alarms: AlarmDefinition[];
  webhook: WebhookSettings;
}

/**
 * The settings of a validated environment: reads and checks the alarms file, and the alarms and scrape targets
 * against the collection (throws {@link AlarmConfigError} with every problem).
 */
export function monitorSettingsFromEnv(env: MonitorServiceEnv): MonitorSettings {
  const settings = settingsOf(env);
  const names = settings.scrapeTargets.map((target) => target.name);
  const problems = [
    ...alarmWindowProblems(settings.alarms, settings.periodMs, settings.historyPoints),
    ...names
      .filter((name, i) => names.indexOf(name) !== i)
      .map((name) => `MONITOR_SCRAPE_TARGETS names ${name} twice`),
  ];
  if (problems.length)
    throw new AlarmConfigError(`The monitor's settings do not fit together:\n  ${problems.join('\n  ')}`);
  return settings;
}

function settingsOf(env: MonitorServiceEnv): MonitorSettings {
  const engines = new Set(env.MONITOR_ENGINES.split(','));
  const cache = cacheOptionsFromEnv(env);
  const memcached = cache.memcached;
  const memcachedTls = memcached?.tls === true ? {} : memcached?.tls || undefined;
  return {
    periodMs: env.MONITOR_PERIOD_MS,
    historyPoints: env.MONITOR_HISTORY_POINTS,
    sampleTimeoutMs: env.MONITOR_SAMPLE_TIMEOUT_MS,
    redis: engines.has('redis') ? cache.redis : undefined,
    memcached:
      engines.has('memcached') && memcached ? { nodes: memcached.nodes ?? [], tls: memcachedTls } : undefined,
    scrapeTargets: env.MONITOR_SCRAPE_TARGETS.split(',').map((pair) => {
      const split = pair.indexOf('=');
      return { name: pair.slice(0, split), url: pair.slice(split + 1) };
    }),
    alarms: loadAlarmDefinitions(env.MONITOR_ALARMS_FILE),
    webhook: {
      url: env.MONITOR_WEBHOOK_URL,
      attempts: env.MONITOR_WEBHOOK_ATTEMPTS,
      timeoutMs: env.MONITOR_WEBHOOK_TIMEOUT_MS,
    },
  };
}
