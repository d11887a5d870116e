import { ConfigValidationError, validateEnv } from '@fleetcache/core';
import { serviceEnvSchemas } from '@fleetcache/entity-api';
import { USER_SERVICE } from './user-service.definition';

const USER_SERVICE_ENV_SCHEMAS = serviceEnvSchemas(USER_SERVICE.definition);

describe('user-service environment', () => {
  it('has working local defaults (port 3001, local stack)', () => {
    const env = validateEnv<Record<string, unknown>>({ INTERNAL_TOKEN: 'x'.repeat(16) }, ...USER_SERVICE_ENV_SCHEMAS);
    expect(env).toMatchObject({
      PORT: 3001,
      DB_PORT: 3307,
      REDIS_MODE: 'cluster',
      CACHE_TTL_USER_SECONDS: 3600,
      CACHE_SWR_USER_SECONDS: 0,
      CACHE_NEAR_USER_MS: 0,
      CACHE_TTL_JITTER: 0.1,
    });
    // Only the types it registers: another service's settings are not its own.
    expect(Object.keys(env).filter((key) => /PRODUCT|TRENDING/.test(key))).toEqual([]);
  });

  it('reports every invalid variable at start', () => {
    let error: unknown;
    try {
      validateEnv(
        {
          INTERNAL_TOKEN: 'short',
          PORT: 'x',
          REDIS_NODES: 'nohost',
          REDIS_MODE: 'sentinel',
          CACHE_TTL_JITTER: '0.9',
          CACHE_TTL_USER_SECONDS: '0',
          CACHE_NEAR_USER_MS: 'soon',
        },
        ...USER_SERVICE_ENV_SCHEMAS,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const text = (error as ConfigValidationError).problems.join('\n');
    for (const name of [
      'PORT',
      'REDIS_NODES',
      'REDIS_MODE',
      'CACHE_TTL_JITTER',
      'CACHE_TTL_USER_SECONDS',
      'CACHE_NEAR_USER_MS',
      'INTERNAL_TOKEN',
    ])
      expect(text).toContain(name);
  });
});
