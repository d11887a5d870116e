import { eventually, http } from '@fleetcache/platform/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APP_TAG,
  NETWORK_PREFIX,
  PROJECT,
  container,
  countInImageLayers,
  extraCaLines,
  fetchInside,
  inContainer,
  iptablesRules,
  sqlAsRoot,
  projectContainers,
  warmerCounter,
} from './support/compose-project';
import { STATE, baseImages, docker, script, timed } from './support/containers';

const USERS = 'http://127.0.0.1:13001';
const PRODUCTS = 'http://127.0.0.1:13002';
// compose.sh publishes the assistant's API here (ASSISTANT_SERVICE_PUBLISHED_PORT), next to the other APIs.
const ASSISTANT = 'http://127.0.0.1:13004';
const APPS = [
  'user-service',
  'product-service',
  'cache-warmer',
  'cache-monitor',
  'assistant-service',
] as const;
// compose.sh publishes the monitor's internal port (its dashboard) here, next to the APIs' 13001 and 13002.
const MONITOR_PUBLISHED_PORT = 19005;
const APPLIED = 'fleetcache_warmer_events_applied_total';

describe('docker/docker-compose.yml, on images built here from docker/Dockerfile', () => {
  const env = baseImages();
  let auth: Record<string, string>;
  const write = (method: string, url: string, body: object, headers: Record<string, string> = {}) =>
    http(url, { method, body, headers: { ...auth, ...headers } });

  beforeAll(() => {
    script('compose.sh', ['down'], env); // whatever an interrupted earlier run left
    script('app-images.sh', [], env);
    script('compose.sh', ['up'], env);
    auth = { authorization: `Bearer ${readFileSync(join(STATE, 'api-key'), 'utf8')}` };
  }, 20 * 60_000);

  afterAll(() => {
    script('compose.sh', ['down'], env);
  }, 150_000);

  it.each(APPS)('%s: runs as the unprivileged node user under tini', (app) => {
    const image = `fleetcache/${app}:${APP_TAG}`;
    expect(docker('image', 'inspect', '-f', '{{.Config.User}} {{json .Config.Entrypoint}}', image)).toBe(
      'node ["/usr/bin/tini","--","node","main.js"]',
    );
    expect(inContainer(app, 'id', '-un')).toBe('node');
  });

  it('no layer of an app image holds the CA bundle given to the build as a secret', () => {
    const image = `fleetcache/user-service:${APP_TAG}`;
    const caLines = extraCaLines();
    console.log(
      `looked for ${caLines.length} CA certificate(s) of NODE_EXTRA_CA_CERTS that Node does not ship`,
    );
    expect(countInImageLayers(image, ['fleetcache_cache_errors_total'])).toBeGreaterThan(0); // the scan reads
    if (caLines.length > 0) expect(countInImageLayers(image, caLines)).toBe(0);
  });

  it('publishes the APIs and the monitor on 127.0.0.1 only; every container is healthy or, if one-shot, exited 0', async () => {
    expect(docker('port', container('user-service'))).toBe('3001/tcp -> 127.0.0.1:13001');
    expect(docker('port', container('product-service'))).toBe('3002/tcp -> 127.0.0.1:13002');
    expect(docker('port', container('cache-warmer'))).toBe('');
    expect(docker('port', container('cache-monitor'))).toBe(
      `9005/tcp -> 127.0.0.1:${MONITOR_PUBLISHED_PORT}`,
    );
    expect(docker('port', container('assistant-service'))).toBe('3004/tcp -> 127.0.0.1:13004');
    const ids = projectContainers();
    const format =
      '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}';
    const states = docker('inspect', '-f', format, ...ids)
      .split('\n')
      .map((line) => line.split(' '));
    // 6 Redis nodes, the cluster init, MySQL, 2 migrations, 3 apps, the monitor, the assistant
    expect(states).toHaveLength(15);
    for (const [name, status, code, health] of states) {
      const oneShot = /(migrate|cluster-init)_1$/.test(name ?? '');
      expect({ name, state: oneShot ? `${status} ${code}` : `${status} ${health}` }).toEqual({
        name,
        state: oneShot ? 'exited 0' : 'running healthy',
      });
    }
    expect((await http(`${USERS}/health/ready`)).status).toBe(200);
    expect((await http(`${PRODUCTS}/health/ready`)).status).toBe(200);
    expect(fetchInside('cache-warmer', 'http://127.0.0.1:3003/health/ready')).toMatch(/^200 /);
    expect(fetchInside('cache-monitor', 'http://127.0.0.1:3005/health/ready')).toMatch(/^200 /);
    expect((await http(`http://127.0.0.1:${MONITOR_PUBLISHED_PORT}/health/ready`)).status).toBe(200);
    expect((await http(`${ASSISTANT}/health/ready`)).status).toBe(200);
  });

  it('assistant-service: a chat session, a question asked twice: the model answers (MISS), then the semantic cache (HIT)', async () => {
    // Signed in by POST /sessions (a write: the API key), as its own Redis user on the cluster; plain HTTP here, so
    // compose turns Secure-only cookies off.
    const created = await write('POST', `${ASSISTANT}/sessions`, { user: 'e2e-user', tenant: 'e2e' });
    expect(created.status).toBe(201);
    const cookie = created.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^[^=]+=.+/);
    const ask = () =>
      write(
        'POST',
        `${ASSISTANT}/sessions/${created.body.id as string}/messages`,
        { content: 'How do I reset my password?' },
        { cookie },
      );
    const first = await ask();
    const second = await ask();
    expect([first.status, first.headers.get('x-cache-status'), first.body.source]).toEqual([
      200,
      'MISS',
      'model',
    ]);
    expect(first.body.answer).toContain('[stand-in model]');
    expect([second.status, second.headers.get('x-cache-status'), second.body.source]).toEqual([
      200,
      'HIT',
      'cache',
    ]);
    expect(second.body.answer).toBe(first.body.answer);
  });

  it('serves a row no cache has seen: MISS from the database, then HIT from the Redis Cluster', async () => {
    // Inserted straight into the database, as another system would: no cache has seen it.
    const id = Number(
      sqlAsRoot(
        "INSERT INTO users (name, email, email_normalized) VALUES ('Direct', 'direct@example.com', 'direct@example.com'); SELECT LAST_INSERT_ID();",
      ),
    );
    const first = await http(`${USERS}/users/${id}`);
    const second = await http(`${USERS}/users/${id}`);
    expect([first.status, first.headers.get('x-cache-status'), first.body.source]).toEqual([
      200,
      'MISS',
      'database',
    ]);
    expect([second.status, second.headers.get('x-cache-status'), second.body.source]).toEqual([
      200,
      'HIT',
      'cache',
    ]);
    expect(second.body.data).toEqual(first.body.data);
  });

  it("loads the README's demo users with a one-shot run of the service image (seed)", async () => {
    script('compose.sh', ['compose', 'run', '--rm', 'user-migrate', 'seed', '5'], env, 120_000);
    expect(Number(sqlAsRoot('SELECT COUNT(*) FROM users'))).toBeGreaterThanOrEqual(6);
    const listed = await http(`${USERS}/users?ids=1,2`);
    expect(listed.status).toBe(200);
  });

  it('refuses a write without the API key, and a body it does not know', async () => {
    const body = { name: 'A', email: 'a@example.com' };
    expect((await http(`${USERS}/users`, { method: 'POST', body })).status).toBe(401);
    expect((await write('POST', `${USERS}/users`, { ...body, admin: true })).status).toBe(400);
  });

  it('a PATCH is seen by the next read; the containerized warmer receives its event live and applies it', async () => {
    const created = await write('POST', `${USERS}/users`, { name: 'Patched', email: 'patched@example.com' });
    expect(created.status).toBe(201);
    const id = created.body.data.id as number;
    // Applied live: "fenced" when the service's own write-through got there first, as here, else "stored".
    const appliedLive = () => warmerCounter(APPLIED, { type: 'user.updated', delivery: 'live' });
    const before = appliedLive();
    const patched = await write('PATCH', `${USERS}/users/${id}`, { city: 'Busan' }, { 'if-match': '"1"' });
    expect(patched.status).toBe(200);
    const read = await http(`${USERS}/users/${id}`);
    expect(read.body.data).toMatchObject({ id, city: 'Busan', version: 2 });
    expect(read.body.data).toEqual(patched.body.data);
    expect(await eventually(async () => appliedLive() > before, 10_000, 200)).toBe(true);
  });

  it('ranks products by views in the trending list, computed once, then served from the cache', async () => {
    const create = async (name: string) =>
      (await write('POST', `${PRODUCTS}/products`, { name, price: '9.99' })).body.data.id as number;
    const [often, once] = [await create('Often viewed'), await create('Viewed once')];
    for (let i = 0; i < 3; i++) await http(`${PRODUCTS}/products/${often}`);
    await http(`${PRODUCTS}/products/${once}`);
    // The views reach Redis in batches, every second: a list computed before that would hold neither product,
    // and no change of theirs would drop it. Then the warmer's outbox replay re-applies a new product's
    // product.created (each round while the row is under 5 s old, then once more), which drops a list that holds
    // it: a pair of reads that such a drop split is read again.
    await new Promise((r) => setTimeout(r, 2500));
    const trending = () => http(`${PRODUCTS}/products/trending?limit=2`);
    const ranking = (body: { data: { views: number; product: { id: number } }[] }) =>
      JSON.stringify(body.data.map((e) => [e.product.id, e.views]));
    type Reply = Awaited<ReturnType<typeof http>>;
    let pair: [Reply, Reply] = [await trending(), await trending()];
    const statuses = () => pair.map((r) => r.headers.get('x-cache-status')).join(' ');
    const settled = await eventually(
      async () => {
        if (
          statuses() === 'MISS HIT' &&
          ranking(pair[1].body) ===
            JSON.stringify([
              [often, 3],
              [once, 1],
            ])
        )
          return true;
        pair = [await trending(), await trending()];
        return false;
      },
      30_000,
      1000,
    );
    expect([ranking(pair[0].body), statuses()]).toEqual([
      JSON.stringify([
        [often, 3],
        [once, 1],
      ]),
      'MISS HIT',
    ]);
    expect(settled).toBe(true);
    expect(pair[1].body.data).toEqual(pair[0].body.data);
  });

  it.each(APPS)(
    '%s stops on SIGTERM within 5 s, draining first (exit 143: the signal, not a kill)',
    (app) => {
      const elapsedMs = timed(() => docker('stop', '--time', '10', container(app)));
      console.log(`${app}: docker stop took ${Math.round(elapsedMs)} ms`);
      expect(elapsedMs).toBeLessThan(5000);
      expect(docker('inspect', '-f', '{{.State.ExitCode}}', container(app))).toBe('143');
      expect(docker('logs', container(app))).toContain('"msg":"shutting down"');
    },
  );

  it('the Redis nodes and the database stop on SIGTERM too, without being killed', () => {
    const elapsedMs = timed(() => script('compose.sh', ['compose', 'stop', '--timeout', '10'], env, 120_000));
    console.log(`docker-compose stop of the other 7 took ${Math.round(elapsedMs)} ms`);
    expect(elapsedMs).toBeLessThan(8000); // a container that ignored SIGTERM would hold it for 10 s
    const ids = projectContainers();
    const codes = docker('inspect', '-f', '{{.Name}} {{.State.ExitCode}}', ...ids).split('\n');
    expect(codes.filter((line) => line.endsWith(' 137'))).toEqual([]);
  });

  it('down removes every container, the network and the volumes, and the network leaves no iptables rule', () => {
    const network = docker('network', 'inspect', '-f', '{{.Id}}', `${PROJECT}_default`);
    const bridge = `br-${network.slice(0, 12)}`;
    expect(iptablesRules()).toContain(bridge);
    const elapsedMs = timed(() => script('compose.sh', ['down'], env));
    console.log(`docker-compose down took ${Math.round(elapsedMs)} ms`);
    expect(elapsedMs).toBeLessThan(15_000);
    const label = `label=com.docker.compose.project=${PROJECT}`;
    expect(docker('ps', '-aq', '--filter', label)).toBe('');
    expect(docker('network', 'ls', '-q', '--filter', label)).toBe('');
    expect(docker('volume', 'ls', '-q', '--filter', label)).toBe('');
    expect(iptablesRules()).not.toContain(bridge);
    expect(iptablesRules()).not.toContain(NETWORK_PREFIX);
  });
});
