import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_STACK_REDIS, StallingProxy } from '@fleetcache/cache/testing';
import { eventually, freePort, testEnv } from '@fleetcache/platform/testing';
import { openTestDb } from '@fleetcache/entity-api/testing';
import { http, uniqueEmail } from './support/user-service.harness';

const OUTAGE_MS = 60_000;
const BUNDLE = join(__dirname, '../../../dist/apps/user-service/main.js');

/** Resident memory of a process, MB (what the kernel counts against its limit). */
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

// The service runs as its own process (the built bundle, as deployed), so its RSS is its own and not the test
// runner's.
describe('Redis unreachable for 60 s while writes continue (user-service as its own process)', () => {
  const redis = new StallingProxy(LOCAL_STACK_REDIS.single[0].port);
  let service: ChildProcess;
  let url: string;
  let redisPort: number;
  let ids: number[];

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npx nx run-many -t build first`);
    redisPort = await redis.listen();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const env = testEnv({
      PORT: String(port),
      LOG_LEVEL: 'error',
      REDIS_MODE: 'single',
      REDIS_NODES: `127.0.0.1:${redisPort}`,
      REDIS_COMMAND_TIMEOUT_MS: '100',
    });
    service = spawn(process.execPath, [BUNDLE], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const ready = async () => (await http(`${url}/health/ready`).catch(() => ({ status: 0 }))).status === 200;
    expect(await eventually(ready, 30_000, 200)).toBe(true);
    ids = [];
    for (let i = 0; i < 20; i++) {
      const res = await http(`${url}/users`, {
        method: 'POST',
        body: { name: `Outage ${i}`, email: uniqueEmail('rout') },
      });
      ids.push(res.body.data.id);
    }
  });
  afterAll(async () => {
    if (service?.exitCode === null)
      await new Promise((resolve) => (service.once('exit', resolve), service.kill()));
    await redis.close().catch(() => undefined);
  });

  it(
    'writes keep succeeding, the service RSS grows less than 50 MB, and every change is published after recovery',
    async () => {
      await writeFor(5000); // warm up: JIT, pools, buffers
      const before = rssMb(service.pid!);
      await redis.close();
      const during = await writeFor(OUTAGE_MS);
      const after = rssMb(service.pid!);
      console.log(
        `redis outage: ${JSON.stringify({ ...during, rssBeforeMb: before, rssGrowthMb: after - before })}`,
      );
      expect(during.failed).toBe(0);
      expect(during.ok).toBeGreaterThan(100);
      expect(after - before).toBeLessThan(50);

      await redis.listen(redisPort);
      const db = await openTestDb();
      try {
        const unpublished = async () =>
          Number(
            (
              (await db.query(
                'SELECT COUNT(*) AS n FROM event_outbox WHERE source = ? AND published_at IS NULL',
                ['user-service'],
              )) as unknown as [{ n: number }[]]
            )[0][0].n,
          );
        // ~20,000 rows wait after a minute of writes; the relay resumes after at most its 10 s backoff and
        // publishes 200 a round. On a busy 2-core CI machine that took over 30 s once (21,352 rows).
        const drained = await eventually(async () => (await unpublished()) === 0, 60_000, 200);
        if (!drained) console.log(`still unpublished after 60 s: ${await unpublished()}`);
        expect(drained).toBe(true);
      } finally {
        await db.end();
      }
    },
    OUTAGE_MS + 90_000,
  );

  /** Four writers PATCHing the users for `ms`; counts answers. */
  async function writeFor(ms: number): Promise<{ ok: number; failed: number }> {
    const until = Date.now() + ms;
    const counts = { ok: 0, failed: 0 };
    await Promise.all(
      [0, 1, 2, 3].map(async (writer) => {
        for (let i = writer; Date.now() < until; i += 4) {
          const res = await http(`${url}/users/${ids[i % ids.length]}`, {
            method: 'PATCH',
            body: { age: 20 + (i % 50) },
          });
          counts[res.status === 200 ? 'ok' : 'failed'] += 1;
        }
      }),
    );
    return counts;
  }
});
