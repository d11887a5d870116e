import { ConfigValidationError, validateEnv } from '@fleetcache/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSourceOptions, dbTlsOptions, worthRetrying } from './data-source.options';
import { DbEnv } from './db.env';

describe('DbEnv TLS settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'db-tls-'));
  const pem = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`);
    return path;
  };
  const problems = (raw: Record<string, string>) => {
    try {
      validateEnv(raw, DbEnv);
      return [];
    } catch (error) {
      return (error as ConfigValidationError).problems;
    }
  };

  it('is off by default: no TLS options', () => {
    const env = validateEnv<DbEnv>({}, DbEnv);
    expect(env.DB_TLS).toBe(false);
    expect(dataSourceOptions(env, { entities: [], migrations: [], migrationsTableName: 'm' })).toMatchObject({
      ssl: undefined,
    });
  });

  it('verifies the server always, against the CA file, with the client certificate when given', () => {
    const env = validateEnv<DbEnv>(
      { DB_TLS: 'true', DB_TLS_CA: pem('ca.crt'), DB_TLS_CERT: pem('c.crt'), DB_TLS_KEY: pem('c.key') },
      DbEnv,
    );
    expect(dbTlsOptions(env)).toEqual({
      ca: expect.stringContaining('ca.crt'),
      cert: expect.stringContaining('c.crt'),
      key: expect.stringContaining('c.key'),
      rejectUnauthorized: true,
      verifyIdentity: true,
    });
    const withSystemCas = validateEnv<DbEnv>({ DB_TLS: 'true' }, DbEnv);
    expect(dbTlsOptions(withSystemCas)).toMatchObject({ ca: undefined, rejectUnauthorized: true });
  });

  it('refuses a TLS file without DB_TLS, a certificate without its key, and a file it cannot read', () => {
    expect(problems({ DB_TLS_CA: pem('a.crt') })).toEqual([
      'DB_TLS_CA: DB_TLS_CA is set, but DB_TLS is not true',
    ]);
    expect(problems({ DB_TLS: 'true', DB_TLS_CERT: pem('b.crt') })).toEqual([
      'DB_TLS_CERT: DB_TLS_CERT needs DB_TLS_KEY too',
    ]);
    expect(problems({ DB_TLS: 'true', DB_TLS_CA: join(dir, 'missing.crt') })).toEqual([
      `DB_TLS_CA: DB_TLS_CA cannot be read: ${join(dir, 'missing.crt')} (ENOENT)`,
    ]);
  });

  it('does not retry a first connection that failed on a certificate', () => {
    const failure = (code: string | undefined, message = code) => Object.assign(new Error(message), { code });
    for (const refused of [
      failure('SELF_SIGNED_CERT_IN_CHAIN'),
      failure('ERR_TLS_CERT_ALTNAME_INVALID'),
      failure('HANDSHAKE_SSL_ERROR', 'self-signed certificate in certificate chain'),
      failure('HANDSHAKE_NO_SSL_SUPPORT'),
    ])
      expect(worthRetrying(refused)).toBe(false);
    for (const transient of [
      failure('ECONNREFUSED'),
      failure('ER_ACCESS_DENIED_ERROR'),
      failure('HANDSHAKE_SSL_ERROR', 'read ECONNRESET'),
      failure(undefined, 'x'),
    ])
      expect(worthRetrying(transient)).toBe(true);
  });
});
