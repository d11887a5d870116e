import { StallingProxy } from '@fleetcache/cache/testing';
import { DataSource } from 'typeorm';
import { normalizeEmail } from '@fleetcache/user-data-access';
import { ServingState } from '@fleetcache/platform';
import { memoryAfterGcMb } from '@fleetcache/platform/testing';
import { openTestDb } from '@fleetcache/entity-api/testing';
import {
  http,
  metric,
  startUserService,
  uniqueEmail,
  type RunningService,
} from './support/user-service.harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Heap in use after a full collection, MB: what the process really holds on to. */
const heapMb = () => memoryAfterGcMb().heap;
const READ_TIMEOUT_MS = 1000;

/** Timed GET: status, elapsed ms and the Retry-After header. */
async function timedGet(url: string): Promise<{ status: number; ms: number; retryAfter: string | null }> {
  const started = performance.now();
  const res = await http(url);
  return { status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after') };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

describe('user-service with a slow or stalled MySQL (a proxy between them)', () => {
  const mysql = new StallingProxy(3307);
  let svc: RunningService;
  let cached: number[];
  let uncached: number[];

  beforeAll(async () => {
    const port = await mysql.listen();
    svc = await startUserService({
      DB_PORT: String(port),
      DB_POOL_SIZE: '4',
      DB_POOL_QUEUE_LIMIT: '8',
      DB_READ_TIMEOUT_MS: String(READ_TIMEOUT_MS),
      DB_WRITE_TIMEOUT_MS: '1500', // under the lock wait limit (whole seconds: 2 s): the deadline and its KILL come first
      DB_MAX_CONCURRENT_READS: '6',
      DB_CONNECT_TIMEOUT_MS: '1000',
      CACHE_STAMPEDE_MAX_WAIT_MS: '1500',
      CACHE_NEGATIVE_TTL_SECONDS: '0', // every read of an uncached id goes to MySQL
      OUTBOX_POLL_MS: '60000',
    });
    const db = svc.app.get(DataSource);
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      const email = uniqueEmail('slow');
      const { insertId } = await db.query(
        'INSERT INTO users (name, email, email_normalized) VALUES (?, ?, ?)',
        ['Slow', email, normalizeEmail(email)],
      );
      ids.push(Number(insertId));
    }
    cached = ids.slice(0, 20);
    uncached = ids.slice(20);
    for (const id of cached) expect((await http(`${svc.url}/users/${id}`)).status).toBe(200);
  });
  afterAll(async () => {
    await svc.close();
    await mysql.close();
  });
  afterEach(() => {
    mysql.delay(0);
    mysql.resume();
  });

  it('stalled MySQL: readiness stays 200 (MySQL degraded in its details), hits answer, misses 503 in time', async () => {
    mysql.stall();
    const started = Date.now();
    const ready = await http(`${svc.url}/health/ready`);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(ready.status).toBe(200);
    expect(ready.body.details.mysql).toMatchObject({ status: 'up', degraded: true });
    expect(await metric(svc.internalUrl, 'fleetcache_dependency_up', { dependency: 'mysql' })).toBe(0);
    expect((await http(`${svc.url}/users/${cached[0]}`)).headers.get('x-cache-status')).toBe('HIT');
    const miss = await timedGet(`${svc.url}/users/${uncached[0]}`);
    expect(miss.status).toBe(503);
    expect(miss.retryAfter).toBe('1');
    expect(miss.ms).toBeLessThan(READ_TIMEOUT_MS + 500);
    mysql.resume();
    // The read that gave up destroyed its connection instead of handing a busy one back: the pool serves again.
    expect((await http(`${svc.url}/users/${uncached[0]}`)).status).toBe(200);
    expect((await http(`${svc.url}/health/ready`)).body.details.mysql.degraded).toBeUndefined();
    expect(await metric(svc.internalUrl, 'fleetcache_dependency_up', { dependency: 'mysql' })).toBe(1);
  });

  it('a burst of misses beyond the read limit is shed at once with 503 OVERLOADED and Retry-After', async () => {
    mysql.delay(500);
    const answers = await Promise.all(
      uncached.slice(1, 17).map(async (id) => {
        const res = await http(`${svc.url}/users/${id}`);
        return { status: res.status, code: res.body.code, retryAfter: res.headers.get('retry-after') };
      }),
    );
    const shed = answers.filter((a) => a.code === 'OVERLOADED');
    expect(shed.length).toBeGreaterThanOrEqual(16 - 6);
    expect(shed.every((a) => a.status === 503 && a.retryAfter === '1')).toBe(true);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
  });

  it('MySQL 3 s slow for 20 s under read load: hits keep their latency, nothing waits past the limit, memory stays flat, the pool recovers', async () => {
    const before = await readLoad(2000);
    const heapBefore = heapMb();
    mysql.delay(3000);
    const during = await readLoad(20_000);
    mysql.delay(0);
    const heapAfter = heapMb();
    await sleep(3500); // what MySQL still sends arrives
    const after = await readLoad(2000);
    const report = {
      hitP50: [percentile(before.hits, 50), percentile(during.hits, 50)],
      hitP99: [percentile(before.hits, 99), percentile(during.hits, 99)],
      slowestMs: Math.max(...during.all),
      missStatuses: during.missStatuses,
      heapGrowthMb: heapAfter - heapBefore,
      afterMissStatuses: after.missStatuses,
    };
    console.log(`slow MySQL fault: ${JSON.stringify(report)}`);
    expect(during.hits.length).toBeGreaterThan(100);
    expect(percentile(during.hits, 99)).toBeLessThan(Math.max(50, 5 * percentile(before.hits, 99)));
    expect(report.slowestMs).toBeLessThan(READ_TIMEOUT_MS + 1000); // read limit + stampede wait margin
    expect(Object.keys(during.missStatuses).every((s) => s === '404' || s === '503')).toBe(true);
    expect(report.heapGrowthMb).toBeLessThan(50);
    expect(after.missStatuses).toEqual({ '404': expect.any(Number) }); // the pool recovered: every miss answers
  }, 60_000);

  it('a write stuck on a row lock answers 503 by its deadline, leaves nothing running on the server, changes nothing', async () => {
    const id = cached[1];
    const locker = await openTestDb();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [id]);
      const started = Date.now();
      const patch = await http(`${svc.url}/users/${id}`, { method: 'PATCH', body: { age: 77 } });
      expect(Date.now() - started).toBeLessThan(1500 + 400);
      expect(patch.status).toBe(503);
      expect(patch.headers.get('retry-after')).toBe('1');
      await sleep(300); // the KILL went out
      const [waiting] = await locker.query(
        "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'UPDATE `users`%'",
      );
      expect(Number((waiting as { n: number }[])[0].n)).toBe(0);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    const [row] = await svc.app.get(DataSource).query('SELECT version, age FROM users WHERE id = ?', [id]);
    expect(row).toMatchObject({ version: 1, age: null }); // the UPDATE was killed: it never ran after the lock went
  });

  it('draining: readiness fails at once while requests are still answered', async () => {
    const serving = svc.app.get(ServingState);
    serving.startDraining();
    const ready = await http(`${svc.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ code: 'DRAINING', error: expect.stringMatching(/draining/) });
    expect((await http(`${svc.url}/users/${cached[0]}`)).status).toBe(200);
  });

  /** Readers for `ms`: 4 loops over cached ids (hits), 1 over absent ids (misses: negative caching is off here). */
  async function readLoad(ms: number) {
    const until = Date.now() + ms;
    const hits: number[] = [];
    const all: number[] = [];
    const missStatuses: Record<string, number> = {};
    const loop = async (ids: number[], sink?: number[]) => {
      for (let i = 0; Date.now() < until; i++) {
        const res = await timedGet(`${svc.url}/users/${ids[i % ids.length]}`);
        all.push(res.ms);
        if (sink) sink.push(res.ms);
        else missStatuses[res.status] = (missStatuses[res.status] ?? 0) + 1;
      }
    };
    const absent = [2147000001, 2147000002, 2147000003];
    await Promise.all([0, 1, 2, 3].map(() => loop(cached, hits)).concat(loop(absent)));
    return { hits, all, missStatuses };
  }
});
