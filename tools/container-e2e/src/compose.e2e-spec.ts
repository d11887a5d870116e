import { eventually, http } from '@fleetcache/platform/testing';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE, baseImages, docker, script, timed } from './support/containers';

const PROJECT = 'fleetcache-e2e';
const USERS = 'http://127.0.0.1:13001';
const PRODUCTS = 'http://127.0.0.1:13002';
const APPS = ['user-service', 'product-service', 'cache-warmer'] as const;
const container = (service: string) => `${PROJECT}_${service}_1`;
const inContainer = (service: string, ...command: string[]) => docker('exec', container(service), ...command);
/** GET of an app's own port from inside its container (the internal ports are not published). */
const fetchInside = (service: string, url: string) =>
  inContainer(
    service,
    'node',
    '-e',
    `fetch('${url}').then(async (r) => console.log(r.status, await r.text()))`,
  );

/** A value of the env file compose.sh wrote for this run. */
function composeSecret(name: string): string {
  const line = readFileSync(join(STATE, 'compose.env'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`${name} is not in tmp/containers/compose.env`);
  return line.slice(name.length + 1);
}

describe('docker/docker-compose.yml, on images built here from docker/Dockerfile', () => {
  const env = baseImages();
  let auth: Record<string, string>;

  const write = (method: string, url: string, body: object, headers: Record<string, string> = {}) =>
    http(url, { method, body, headers: { ...auth, ...headers } });
  const appliedByWarmer = (type: string) =>
    fetchInside('cache-warmer', 'http://127.0.0.1:9003/metrics')
      .split('\n')
      .filter((line) => line.startsWith(`fleetcache_warmer_events_applied_total{type="${type}"`))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  /** Inserts a row straight into the database, as another system would: no cache has seen it. */
  const insertUserDirectly = (name: string): number => {
    const email = `${name.toLowerCase()}@example.com`;
    const sql = `INSERT INTO users (name, email, email_normalized) VALUES ('${name}', '${email}', '${email}'); SELECT LAST_INSERT_ID();`;
    const password = composeSecret('MYSQL_ROOT_PASSWORD');
    return Number(
      docker(
        'exec',
        '-e',
        `MYSQL_PWD=${password}`,
        container('mysql'),
        'mariadb',
        '-N',
        '-uroot',
        'fleetcache',
        '-e',
        sql,
      ),
    );
  };

  beforeAll(() => {
    script('compose.sh', ['down'], env); // whatever an interrupted earlier run left
    script('app-images.sh', [], env);
    script('compose.sh', ['up'], env);
    auth = { authorization: `Bearer ${readFileSync(join(STATE, 'api-key'), 'utf8')}` };
  }, 15 * 60_000);

  afterAll(() => {
    script('compose.sh', ['down'], env);
  }, 120_000);

  it.each(APPS)(
    '%s: runs as the unprivileged node user under tini, with no build secret in the image',
    (app) => {
      const image = `fleetcache/${app}:local`;
      expect(docker('image', 'inspect', '-f', '{{.Config.User}} {{json .Config.Entrypoint}}', image)).toBe(
        'node ["/usr/bin/tini","--","node","main.js"]',
      );
      expect(inContainer(app, 'sh', '-c', 'ls /run/secrets 2>&1 || true')).toMatch(/No such file/);
      expect(inContainer(app, 'id', '-un')).toBe('node');
    },
  );

  it('publishes the APIs on 127.0.0.1 only; every service is ready', async () => {
    expect(docker('port', container('user-service'))).toBe('3001/tcp -> 127.0.0.1:13001');
    expect(docker('port', container('product-service'))).toBe('3002/tcp -> 127.0.0.1:13002');
    expect(docker('port', container('cache-warmer'))).toBe('');
    for (const app of APPS) {
      expect(docker('inspect', '-f', '{{.State.Health.Status}}', container(app))).toBe('healthy');
    }
    expect((await http(`${USERS}/health/ready`)).status).toBe(200);
    expect((await http(`${PRODUCTS}/health/ready`)).status).toBe(200);
    expect(fetchInside('cache-warmer', 'http://127.0.0.1:3003/health/ready')).toMatch(/^200 /);
  });

  it('serves a row no cache has seen: MISS from the database, then HIT from the Redis Cluster', async () => {
    const id = insertUserDirectly('Direct');
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

  it('refuses a write without the API key, and a body it does not know', async () => {
    expect(
      (await http(`${USERS}/users`, { method: 'POST', body: { name: 'A', email: 'a@example.com' } })).status,
    ).toBe(401);
    const unknown = await write('POST', `${USERS}/users`, { name: 'A', email: 'a@example.com', admin: true });
    expect(unknown.status).toBe(400);
  });

  it('a PATCH is seen by the next read, and the containerized warmer applies its change event', async () => {
    const created = await write('POST', `${USERS}/users`, { name: 'Patched', email: 'patched@example.com' });
    expect(created.status).toBe(201);
    const id = created.body.data.id as number;
    const appliedBefore = appliedByWarmer('user.updated');
    const patched = await write('PATCH', `${USERS}/users/${id}`, { city: 'Busan' }, { 'if-match': '"1"' });
    expect(patched.status).toBe(200);
    const read = await http(`${USERS}/users/${id}`);
    expect(read.body.data).toMatchObject({ id, city: 'Busan', version: 2 });
    expect(read.body.data).toEqual(patched.body.data);
    expect(await eventually(async () => appliedByWarmer('user.updated') > appliedBefore, 10_000, 200)).toBe(
      true,
    );
  });

  it('ranks products by views in the trending list, computed once, then served from the cache', async () => {
    const create = async (name: string) =>
      (await write('POST', `${PRODUCTS}/products`, { name, price: '9.99' })).body.data.id as number;
    const [often, once] = [await create('Often viewed'), await create('Viewed once')];
    for (let i = 0; i < 3; i++) await http(`${PRODUCTS}/products/${often}`);
    await http(`${PRODUCTS}/products/${once}`);
    await new Promise((r) => setTimeout(r, 2500)); // views reach Redis in batches, every second (rankings)
    const first = await http(`${PRODUCTS}/products/trending?limit=2`);
    const second = await http(`${PRODUCTS}/products/trending?limit=2`);
    expect(
      first.body.data.map((entry: { views: number; product: { id: number } }) => [
        entry.product.id,
        entry.views,
      ]),
    ).toEqual([
      [often, 3],
      [once, 1],
    ]);
    expect([first.headers.get('x-cache-status'), second.headers.get('x-cache-status')]).toEqual([
      'MISS',
      'HIT',
    ]);
    expect(second.body.data).toEqual(first.body.data);
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

  it('down removes every container, the network and the volumes, and the network leaves no iptables rule', () => {
    const network = docker('network', 'inspect', '-f', '{{.Id}}', `${PROJECT}_default`);
    const bridge = `br-${network.slice(0, 12)}`;
    expect(iptablesRules()).toContain(bridge);
    const elapsedMs = timed(() => script('compose.sh', ['down'], env));
    console.log(`docker-compose down took ${Math.round(elapsedMs)} ms`);
    const label = `label=com.docker.compose.project=${PROJECT}`;
    expect(docker('ps', '-aq', '--filter', label)).toBe('');
    expect(docker('network', 'ls', '-q', '--filter', label)).toBe('');
    expect(docker('volume', 'ls', '-q', '--filter', label)).toBe('');
    expect(iptablesRules()).not.toContain(bridge);
    expect(iptablesRules()).not.toContain('172.30.');
  });
});

/** Every iptables rule of the filter and nat tables (docker's port publishing and network isolation live there). */
function iptablesRules(): string {
  return ['filter', 'nat']
    .map((table) => execFileSync('iptables-save', ['-t', table], { encoding: 'utf8' }))
    .join('\n');
}
