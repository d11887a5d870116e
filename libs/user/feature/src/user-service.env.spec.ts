import { ConfigValidationError, validateEnv } from '@fleetcache/core';
import { USER_SERVICE_ENV_SCHEMAS, type UserServiceEnv } from './user-service.env';

describe('user-service environment', () => {
  it('has working local defaults (port 3001, local stack)', () => {
    const env = validateEnv<UserServiceEnv>({ INTERNAL_TOKEN: 'x'.repeat(16) }, ...USER_SERVICE_ENV_SCHEMAS);
    expect(env).toMatchObject({
      PORT: 3001,
      DB_PORT: 3307,
      REDIS_MODE: 'cluster',
      CACHE_TTL_USER_SECONDS: 3600,
      CACHE_TTL_JITTER: 0.1,
    });
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
        },
        ...USER_SERVICE_ENV_SCHEMAS,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const text = (error as ConfigValidationError).problems.join('\n');
    for (const name of ['PORT', 'REDIS_NODES', 'REDIS_MODE', 'CACHE_TTL_JITTER', 'INTERNAL_TOKEN'])
      expect(text).toContain(name);
  });
});
