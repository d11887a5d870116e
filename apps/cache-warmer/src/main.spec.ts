import { ConfigValidationError, validateEnv } from '@fleetcache/core';
import { warmerEnvSchemas, type WarmerServiceEnv } from '@fleetcache/warmer';
import { FLEET_ENTITY_TYPES } from '@fleetcache/fleet';

const WARMER_ENV_SCHEMAS = warmerEnvSchemas(FLEET_ENTITY_TYPES);

describe('cache-warmer configuration', () => {
  it('defaults to the local services and never asks for database settings', () => {
    const env = validateEnv<WarmerServiceEnv & Record<string, unknown>>(
      { INTERNAL_TOKEN: 'x'.repeat(16) },
      ...WARMER_ENV_SCHEMAS,
    );
    expect(env).toMatchObject({
      PORT: 3003,
      USER_SERVICE_URL: 'http://127.0.0.1:3001',
      PRODUCT_SERVICE_URL: 'http://127.0.0.1:3002',
      PRODUCT_SERVICE_INTERNAL_URL: 'http://127.0.0.1:9002',
      CACHE_TTL_USER_SECONDS: 3600,
      CACHE_TTL_TRENDING_SECONDS: 300,
      WARMER_WARMUP_TOP_N: 1000,
    });
    expect(Object.keys(env).some((key) => key.startsWith('DB_'))).toBe(false);
  });

  it('refuses a malformed service URL and a missing internal token', () => {
    expect(() => validateEnv({ USER_SERVICE_URL: 'not a url' }, ...WARMER_ENV_SCHEMAS)).toThrow(
      ConfigValidationError,
    );
    expect(() => validateEnv({ USER_SERVICE_URL: 'not a url' }, ...WARMER_ENV_SCHEMAS)).toThrow(
      /USER_SERVICE_URL[\s\S]*INTERNAL_TOKEN|INTERNAL_TOKEN[\s\S]*USER_SERVICE_URL/,
    );
  });
});
