import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntityCache, REDIS_CLIENT, type RedisClient } from '@fleetcache/cache';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { BoundedDb } from '@fleetcache/db';
import { eventually, freePort, testEnv } from '@fleetcache/platform/testing';
import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

// The local stack's TLS endpoints (scripts/stack/stack.sh): its CA and client certificate in <STACK_DIR>/tls, MariaDB
// serving TLS, and a standalone Redis that speaks TLS only on base port + 11. STACK_* point at a private stack.
const STACK_DIR = process.env.STACK_DIR || join(__dirname, '../../../.stack');
const TLS = join(STACK_DIR, 'tls');
const CA = join(TLS, 'ca.crt');
const REDIS_BASE_PORT = Number(process.env.STACK_REDIS_BASE_PORT || 7000);
const REDIS_TLS_PORT = REDIS_BASE_PORT + 11;
const DB_PORT = process.env.STACK_MARIADB_PORT || '3307';
const STACK = {
  DB_PORT,
  REDIS_NODES: [0, 1, 2].map((i) => `127.0.0.1:${REDIS_BASE_PORT + i}`).join(','),
};
const BUNDLE = join(__dirname, '../../../dist/apps/user-service/main.js');

/** A CA of its own, which signed nothing the stack serves. */
function strangerCa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stranger-ca-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=stranger',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'),
  ], { stdio: 'ignore' }); // prettier-ignore
  return join(dir, 'ca.crt');
}

/**
 * Creates a user, then reads it twice: with `evict`, after dropping what the write put in the cache, so the first
 * read loads it from MySQL (MISS) and the second finds it in Redis (HIT).
 */
async function createAndReadTwice(svc: RunningService, evict = true): Promise<(string | null)[]> {
  const created = await http(`${svc.url}/users`, {
    method: 'POST',
    body: { name: 'Tls', email: uniqueEmail('tls') },
  });
  expect(created.status).toBe(201);
  const id = created.body.data.id as number;
  if (evict) await svc.app.get<RedisClient>(REDIS_CLIENT).del(svc.app.get(EntityCache).keyOf('user', id));
  const first = await http(`${svc.url}/users/${id}`);
  const second = await http(`${svc.url}/users/${id}`);
  expect([first.status, second.status]).toEqual([200, 200]);
  return [first.headers.get('x-cache-status'), second.headers.get('x-cache-status')];
}

describe('TLS to MySQL and to Redis, with the local stack self-signed CA', () => {
  beforeAll(async () => {
    if (!existsSync(CA))
      throw new Error(`${CA} is missing: scripts/stack/stack.sh up creates the stack's CA`);
    const db = await createConnection({
      host: '127.0.0.1',
      port: Number(DB_PORT),
      user: 'fleetcache',
      password: 'fleetcache',
    });
    const [rows] = await db.query('SELECT @@have_ssl AS tls').finally(() => db.end());
    if ((rows as { tls: string }[])[0]?.tls !== 'YES')
      throw new Error(
        "the stack's MariaDB serves no TLS (started before the stack had it): stack.sh down, then up",
      );
  });

  describe('MySQL (DB_TLS)', () => {
    it('connects over TLS, verifying the server against DB_TLS_CA, and serves', async () => {
      const svc = await startUserService({ ...STACK, DB_TLS: 'true', DB_TLS_CA: CA });
      try {
        expect(await createAndReadTwice(svc)).toEqual(['MISS', 'HIT']);
        const db = svc.app.get(DataSource);
        const [cipher] = await db.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
        expect(cipher.Value).not.toBe(''); // this pooled connection of the service is encrypted
      } finally {
        await svc.close();
      }
    });

    it('presents DB_TLS_CERT/DB_TLS_KEY to an account that requires a client certificate', async () => {
      const account = { DB_USER: 'fleetcache_x509', DB_PASSWORD: 'fleetcache' };
      const withoutCertificate = createConnection({
        host: '127.0.0.1',
        port: Number(DB_PORT),
        user: account.DB_USER,
        password: account.DB_PASSWORD,
        ssl: { ca: readFileSync(CA, 'utf8') },
      });
      await expect(withoutCertificate).rejects.toThrow(/Access denied/);
      const svc = await startUserService({
        ...STACK,
        ...account,
        DB_TLS: 'true',
        DB_TLS_CA: CA,
        DB_TLS_CERT: join(TLS, 'client.crt'),
        DB_TLS_KEY: join(TLS, 'client.key'),
        DB_READ_TIMEOUT_MS: '300',
      });
      try {
        const [user] = await svc.app.get(DataSource).query('SELECT CURRENT_USER() AS user');
        expect(user.user).toMatch(/^fleetcache_x509@/);
        expect(await createAndReadTwice(svc)).toEqual(['MISS', 'HIT']);
        // A read past its deadline is killed on the server over the killer's own connection, which must present
        // the same certificate as the pool (this account refuses anything else).
        await expect(svc.app.get(BoundedDb).read((m) => m.query('SELECT SLEEP(5)'))).rejects.toThrow();
        const sleeping = async () =>
          Number(
            (
              await svc.app
                .get(DataSource)
                .query(
                  "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(5)'",
                )
            )[0].n,
          );
        expect(await eventually(async () => (await sleeping()) === 0, 2000)).toBe(true);
      } finally {
        await svc.close();
      }
    });

    it('does not start with a CA that did not sign the server certificate, and says why', async () => {
      if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npx nx run-many -t build first`);
      // As deployed: the built service in its own process (a failed start ends the process).
      const env = testEnv({
        ...STACK,
        PORT: String(await freePort()),
        DB_TLS: 'true',
        DB_TLS_CA: strangerCa(),
      });
      const service = spawn(process.execPath, [BUNDLE], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      service.stdout.on('data', (chunk) => (output += chunk));
      service.stderr.on('data', (chunk) => (output += chunk));
      const started = Date.now();
      const code = await new Promise<number | null>((resolve) => service.once('exit', resolve));
      expect(code).not.toBe(0);
      expect(Date.now() - started).toBeLessThan(15_000); // no retries: a certificate does not change by waiting
      expect(output).toMatch(/certificate/i);
      expect(output).not.toMatch(/Retrying \(2\)/);
    });
  });

  describe('Redis (REDIS_TLS, single node that speaks TLS only)', () => {
    const redisTls = {
      REDIS_MODE: 'single',
      REDIS_NODES: `127.0.0.1:${REDIS_TLS_PORT}`,
      REDIS_TLS: 'true',
      REDIS_TLS_CA: CA,
      // the services' ACL user of the stack: TLS and the ACL together
      REDIS_USERNAME: 'fleetcache-service',
      REDIS_PASSWORD: 'fleetcache-service-dev',
    };
    const admin = () =>
      new Redis({ port: REDIS_TLS_PORT, tls: { ca: readFileSync(CA, 'utf8') }, lazyConnect: true });

    it('reads through the cache over TLS: the second GET is a HIT', async () => {
      const server = admin();
      try {
        // Only TLS gets in: no plaintext port.
        expect(await server.config('GET', 'port')).toEqual(['port', '0']);
        const svc = await startUserService({ DB_PORT, ...redisTls });
        try {
          expect(await createAndReadTwice(svc)).toEqual(['MISS', 'HIT']);
          const clients = String(await server.client('LIST'));
          expect(clients).toMatch(/user=fleetcache-service/);
        } finally {
          await svc.close();
        }
      } finally {
        server.disconnect();
      }
    });

    it('caches nothing with a CA that did not sign the server certificate (the cache fails open)', async () => {
      const svc = await startUserService({ DB_PORT, ...redisTls, REDIS_TLS_CA: strangerCa() });
      try {
        expect(await createAndReadTwice(svc, false)).toEqual(['MISS', 'MISS']);
      } finally {
        await svc.close();
      }
    });
  });
});
