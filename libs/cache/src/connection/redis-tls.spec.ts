import { ConfigValidationError, validateEnv } from '@fleetcache/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheEnv, cacheOptionsFromEnv, redisTlsOptions } from '../cache.env';

describe('CacheEnv TLS settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-tls-'));
  const ca = join(dir, 'ca.crt');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
  const problems = (raw: Record<string, string>) => {
    try {
      validateEnv(raw, CacheEnv);
      return [];
    } catch (error) {
      return (error as ConfigValidationError).problems;
    }
  };

  it('connects without TLS by default, and with verified TLS (the CA file, a server name) when asked', () => {
    expect(cacheOptionsFromEnv(validateEnv<CacheEnv>({}, CacheEnv)).redis.tls).toBe(false);
    const env = validateEnv<CacheEnv>(
      { REDIS_TLS: 'true', REDIS_TLS_CA: ca, REDIS_TLS_SERVERNAME: 'redis.internal' },
      CacheEnv,
    );
    expect(cacheOptionsFromEnv(env).redis.tls).toEqual({
      rejectUnauthorized: true,
      ca: expect.stringContaining('BEGIN CERTIFICATE'),
      servername: 'redis.internal',
    });
    expect(redisTlsOptions(validateEnv<CacheEnv>({ REDIS_TLS: '1' }, CacheEnv))).toEqual({
      rejectUnauthorized: true,
    });
  });

  it('refuses a CA without REDIS_TLS and a CA file it cannot read', () => {
    expect(problems({ REDIS_TLS_CA: ca })).toEqual([
      'REDIS_TLS_CA: REDIS_TLS_CA is set, but REDIS_TLS is not true',
    ]);
    expect(problems({ REDIS_TLS: 'true', REDIS_TLS_CA: join(dir, 'nope.crt') })).toEqual([
      `REDIS_TLS_CA: REDIS_TLS_CA cannot be read: ${join(dir, 'nope.crt')} (ENOENT)`,
    ]);
  });
});
