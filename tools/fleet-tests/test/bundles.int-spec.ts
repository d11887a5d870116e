import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, TEST_INTERNAL_TOKEN } from '@fleetcache/platform/testing';
import { eventually, fleetEnv, http } from './support/fleet';

const DIST = join(__dirname, '../../../dist/apps');

// What `npm start` and the images run: the webpack bundles, as separate processes, talking to each other.
describe('the built bundles of all three apps', () => {
  const children: ChildProcess[] = [];
  const output: string[] = [];
  let ports: { users: number; products: number; warmer: number };
  let internal: { users: number; products: number; warmer: number };

  beforeAll(async () => {
    for (const app of ['user-service', 'product-service', 'cache-warmer']) {
      if (!existsSync(join(DIST, app, 'main.js')))
        throw new Error(`dist/apps/${app}/main.js is missing: run npx nx run-many -t build first`);
    }
    ports = { users: await freePort(), products: await freePort(), warmer: await freePort() };
    internal = { users: await freePort(), products: await freePort(), warmer: await freePort() };
    const env = {
      ...process.env,
      ...fleetEnv(),
      LOG_LEVEL: 'info', // the shutdown sequence logs at info
      DB_NAME: 'fleetcache_test',
      INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
      USER_SERVICE_URL: `http://127.0.0.1:${ports.users}`,
      PRODUCT_SERVICE_URL: `http://127.0.0.1:${ports.products}`,
      USER_SERVICE_INTERNAL_URL: `http://127.0.0.1:${internal.users}`,
      PRODUCT_SERVICE_INTERNAL_URL: `http://127.0.0.1:${internal.products}`,
    };
    const run = (app: string, port: number, internalPort: number) => {
      const child = spawn(process.execPath, [join(DIST, app, 'main.js')], {
        env: { ...env, PORT: String(port), INTERNAL_PORT: String(internalPort) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (d) => output.push(`[${app}] ${d}`));
      child.stderr?.on('data', (d) => output.push(`[${app}] ${d}`));
      children.push(child);
    };
    run('user-service', ports.users, internal.users);
    run('product-service', ports.products, internal.products);
    run('cache-warmer', ports.warmer, internal.warmer);
  });

  afterAll(async () => {
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(
      running.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGKILL')))),
    );
  });

  it("keep the database out of the warmer's bundle and its package.json (a service's has it: the check reads)", () => {
    const DATABASE_CODE = [
      /require\("(typeorm|mysql2|@nestjs\/typeorm)[/"]/,
      /event_outbox/,
      /OutboxEntity/,
      /BoundedDb/,
    ];
    const bundle = (app: string) => readFileSync(join(DIST, app, 'main.js'), 'utf8');
    const dependencies = (app: string) =>
      Object.keys(JSON.parse(readFileSync(join(DIST, app, 'package.json'), 'utf8')).dependencies);
    for (const pattern of DATABASE_CODE) {
      expect(bundle('cache-warmer')).not.toMatch(pattern);
      expect(bundle('user-service')).toMatch(pattern);
    }
    expect(dependencies('cache-warmer').filter((name) => /typeorm|mysql/.test(name))).toEqual([]);
    expect(dependencies('user-service')).toEqual(expect.arrayContaining(['typeorm', 'mysql2']));
  });

  it('start, become ready, and carry a change from a service to the warmer', async () => {
    const ready = async (port: number) =>
      (await http(`http://127.0.0.1:${port}/health/ready`).catch(() => ({ status: 0 }))).status === 200;
    const allReady = await eventually(
      async () => (await ready(ports.users)) && (await ready(ports.products)) && (await ready(ports.warmer)),
      20_000,
      200,
    );
    if (!allReady) console.log(output.join('').slice(-4000));
    expect(allReady).toBe(true);
    const product = (
      await http(`http://127.0.0.1:${ports.products}/products`, {
        method: 'POST',
        body: { name: 'Bundle', price: '1.50' },
      })
    ).body.data;
    expect(product).toMatchObject({ price: '1.50', version: 1 });
    const applied = async () => {
      const text = await (await fetch(`http://127.0.0.1:${internal.warmer}/metrics`)).text();
      return /fleetcache_warmer_events_applied_total\{type="product.created"[^}]*\} [1-9]/.test(text);
    };
    expect(await eventually(applied, 10_000, 100)).toBe(true);
  });

  it('drain and stop on SIGTERM within seconds', async () => {
    const started = Date.now();
    const exits = await Promise.all(
      children.map(
        (child) =>
          new Promise<string>(
            (resolve) => (
              child.once('exit', (code, signal) => resolve(`${code ?? signal}`)),
              child.kill('SIGTERM')
            ),
          ),
      ),
    );
    // Nest's shutdown hooks close everything, then re-raise the signal: exit by SIGTERM (or 0) is a clean stop.
    expect(exits.every((e) => e === 'SIGTERM' || e === '0')).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(output.join('')).not.toMatch(/"level":50/); // nothing logged at error level
    // Each process ran its own shutdown sequence (drain, close HTTP, hooks), not the signal's default action.
    for (const app of ['user-service', 'product-service', 'cache-warmer'])
      expect(output.filter((chunk) => chunk.startsWith(`[${app}]`)).join('')).toContain(
        '"msg":"shutting down"',
      );
  });
});
