import { ConfigValidationError, defineEntityType, validateEnv } from '@fleetcache/core';
import { cacheEnvSchemas, cacheOptionsFromEnv, type CacheEnv } from '../cache.env';

const ORDER = defineEntityType({
  name: 'order',
  service: { name: 'order-service', port: 3010, internalPort: 9010, path: '/orders' },
  cache: { ttlSeconds: 120, staleAfterSeconds: 30, nearCacheMs: 0 },
  derived: [{ name: 'open:order', ttlClass: 'openorders', ttlSeconds: 20 }],
});

describe('an entity type registered with the cache', () => {
  it('gets variables named after it, with its defaults', () => {
    const env = validateEnv<CacheEnv>({}, ...cacheEnvSchemas([ORDER]));
    expect(env).toMatchObject({
      CACHE_TTL_ORDER_SECONDS: 120,
      CACHE_SWR_ORDER_SECONDS: 30,
      CACHE_NEAR_ORDER_MS: 0,
      CACHE_TTL_OPENORDERS_SECONDS: 20,
    });
    const options = cacheOptionsFromEnv(env, [ORDER]);
    expect(options.ttlSeconds).toEqual({ order: 120, openorders: 20 });
    expect(options.staleAfterSeconds).toEqual({ order: 30 });
    expect(options.nearCache).toEqual({ order: { ttlMs: 0, maxEntries: 10_000 } });
  });

  it('reads its variables, and refuses invalid ones with their names', () => {
    const env = validateEnv<CacheEnv>(
      { CACHE_TTL_ORDER_SECONDS: '600', CACHE_NEAR_ORDER_MS: '250' },
      ...cacheEnvSchemas([ORDER]),
    );
    expect(cacheOptionsFromEnv(env, [ORDER])).toMatchObject({
      ttlSeconds: { order: 600 },
      nearCache: { order: { ttlMs: 250 } },
    });
    expect(() =>
      validateEnv({ CACHE_TTL_ORDER_SECONDS: '0', CACHE_NEAR_ORDER_MS: 'soon' }, ...cacheEnvSchemas([ORDER])),
    ).toThrow(/CACHE_TTL_ORDER_SECONDS[\s\S]*CACHE_NEAR_ORDER_MS/);
  });

  it('knows no entity type it was not given, and refuses one given twice', () => {
    const env = validateEnv<CacheEnv & Record<string, unknown>>({}, ...cacheEnvSchemas([]));
    expect(Object.keys(env).filter((key) => /^CACHE_(TTL|SWR|NEAR)_/.test(key))).toEqual([
      'CACHE_TTL_JITTER',
      'CACHE_NEAR_MAX_ENTRIES',
    ]);
    expect(cacheOptionsFromEnv(env).ttlSeconds).toEqual({});
    expect(() => cacheEnvSchemas([ORDER, ORDER])).toThrow(/registered twice/);
    expect(() => validateEnv({ CACHE_TTL_ORDER_SECONDS: 'x' }, ...cacheEnvSchemas([ORDER]))).toThrow(
      ConfigValidationError,
    );
  });
});
