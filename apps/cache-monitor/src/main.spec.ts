import { ConfigValidationError, validateEnv } from '@fleetcache/core';
import { MONITOR_ENV_SCHEMAS, monitorSettingsFromEnv, type MonitorServiceEnv } from '@fleetcache/monitor';

const env = (raw: Record<string, string> = {}) => validateEnv<MonitorServiceEnv>(raw, ...MONITOR_ENV_SCHEMAS);

describe('cache-monitor configuration', () => {
  it('defaults to the local stack: ports 3005/9005, Redis sampled every 60 s, the three services scraped', () => {
    const settings = monitorSettingsFromEnv(env());
    expect(env()).toMatchObject({ PORT: 3005, INTERNAL_PORT: 9005, MONITOR_PERIOD_MS: 60_000 });
    expect(settings.redis?.nodes).toHaveLength(3);
    expect(settings.memcached).toBeUndefined();
    expect(settings.scrapeTargets.map((target) => target.name)).toEqual([
      'user-service',
      'product-service',
      'cache-warmer',
    ]);
    expect(settings.alarms.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(env()).some((key) => key.startsWith('DB_'))).toBe(false);
  });

  it('samples Memcached when asked, from MEMCACHED_NODES', () => {
    const settings = monitorSettingsFromEnv(
      env({ MONITOR_ENGINES: 'redis,memcached', MEMCACHED_NODES: '10.0.0.1:11211' }),
    );
    expect(settings.memcached?.nodes).toEqual([{ host: '10.0.0.1', port: 11211 }]);
  });

  it.each([
    ['MONITOR_ENGINES', 'mongodb', /MONITOR_ENGINES/],
    ['MONITOR_SCRAPE_TARGETS', 'user-service=ftp://x', /MONITOR_SCRAPE_TARGETS/],
    ['MONITOR_PERIOD_MS', '10', /MONITOR_PERIOD_MS/],
    ['MONITOR_WEBHOOK_URL', 'not a url', /MONITOR_WEBHOOK_URL/],
  ])('refuses %s=%s with the variable named', (name, value, message) => {
    expect(() => env({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => env({ [name]: value })).toThrow(message);
  });
});
