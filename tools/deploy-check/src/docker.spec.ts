import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeConfig, COMPOSE_ENV_EXAMPLE, COMPOSE_FILE } from './compose';
import { instructions, lintDockerfile, readDockerfile } from './dockerfile';
import { ROOT } from './manifest';

describe("docker/test-images (the container tests' stand-ins for the official images)", () => {
  const recipes = readdirSync(join(ROOT, 'docker/test-images')).filter((f) => f.endsWith('.Dockerfile'));
  const builder = readFileSync(join(ROOT, 'scripts/containers/base-images.sh'), 'utf8');

  it.each(recipes)('%s passes dockerfile-utils lint, and base-images.sh builds it', (recipe) => {
    expect(lintDockerfile(readFileSync(join(ROOT, 'docker/test-images', recipe), 'utf8'))).toEqual([]);
    expect(builder).toContain(`$RECIPES/${recipe}`);
  });
});

describe('docker/Dockerfile', () => {
  const text = readDockerfile();
  const steps = instructions(text);
  const last = (keyword: string) => steps.filter((s) => s.keyword === keyword).at(-1);

  it('passes dockerfile-utils lint with no error or warning', () => {
    expect(lintDockerfile(text)).toEqual([]);
  });

  it('lint catches a misspelled instruction (the check is live)', () => {
    expect(lintDockerfile(`${text}\nRUNN echo broken\n`)).toEqual([
      expect.stringContaining('Unknown instruction: RUNN'),
    ]);
  });

  it('builds on node 22+ bookworm-slim in three stages and runs as the non-root node user under tini', () => {
    const image = /^BASE_IMAGE=node:(\d+)-bookworm-slim@sha256:[0-9a-f]{64}$/.exec(
      steps.find((s) => s.keyword === 'ARG')!.args,
    );
    expect(Number(image?.[1])).toBeGreaterThanOrEqual(22);
    expect(steps.filter((s) => s.keyword === 'FROM').map((s) => s.args)).toEqual([
      '${BASE_IMAGE} AS build',
      '${BASE_IMAGE} AS prune',
      '${BASE_IMAGE} AS runtime',
    ]);
    expect(last('USER')?.args).toBe('node');
    expect(JSON.parse(last('ENTRYPOINT')!.args)).toEqual(['/usr/bin/tini', '--', 'node', 'main.js']);
    expect(steps.find((s) => s.keyword === 'RUN' && s.args.includes('--omit=dev'))).toBeDefined();
  });

  it('pulls nothing but its base image: no `# syntax=` line (it would pull the frontend image)', () => {
    expect(text).not.toMatch(/^#\s*syntax\s*=/im);
  });

  it('copies only files that exist and that .dockerignore sends to the build', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const sources = steps
      .filter((s) => s.keyword === 'COPY' && !s.args.startsWith('--from'))
      .flatMap((s) => s.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) {
      expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
      expect(ignored).not.toContain(source);
    }
  });
});

describe('docker/docker-compose.yml', () => {
  const config = composeConfig();
  const services = config.services;

  it('is valid for docker-compose with the example env file', () => {
    expect(config.stderr).toBe('');
    expect(config.ok).toBe(true);
  });

  it('refuses to start without the secrets of docker/.env', () => {
    const bare = composeConfig(COMPOSE_FILE, null);
    expect(bare.ok).toBe(false);
    expect(bare.stderr).toMatch(/set [A-Z_]+ in docker\/\.env/);
  });

  it('fails on a misspelled key (the check is live)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    const broken = join(dir, 'docker-compose.yml');
    writeFileSync(
      broken,
      readFileSync(COMPOSE_FILE, 'utf8').replace('    restart: "no"\n', '    restrat: "no"\n'),
    );
    const result = composeConfig(broken);
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain('restrat');
  });

  it('runs a 6-node Redis Cluster created by a one-shot init, MySQL 8.4 and one-shot migrations', () => {
    const redis = Object.keys(services).filter((name) => /^redis-\d$/.test(name));
    expect(redis).toHaveLength(6);
    for (const name of redis) expect(services[name]?.command).toContain(name);
    // Fixed addresses: the cluster bus knows peers by IP, so they must survive a down/up.
    const addresses = redis.map(
      (name) =>
        (services[name] as { networks?: { default?: { ipv4_address?: string } } }).networks?.default
          ?.ipv4_address,
    );
    expect(new Set(addresses).size).toBe(6);
    const init = services['redis-cluster-init']!;
    expect(init.restart).toBe('no');
    expect(Object.keys(init.depends_on ?? {}).sort()).toEqual(redis.sort());
    expect(readFileSync(join(ROOT, 'docker/redis-cluster-init.sh'), 'utf8')).toContain(
      '--cluster-replicas 1',
    );
    expect(services['mysql']?.image).toBe('mysql:8.4');
    expect(services['user-migrate']).toMatchObject({ command: ['migrate'], restart: 'no' });
    expect(services['product-migrate']).toMatchObject({ command: ['migrate'], restart: 'no' });
  });

  it('runs Redis nodes that evict only keys with a TTL, as the Kubernetes ones do', () => {
    const policy = (file: string) =>
      /^maxmemory-policy (\S+)$/m.exec(readFileSync(join(ROOT, file), 'utf8'))?.[1];
    expect(policy('docker/redis.conf')).toBe('volatile-lru');
    expect(policy('k8s/base/redis/redis.conf')).toBe('volatile-lru');
  });

  it('runs 3 Memcached nodes only under the profile `memcached`, TCP only, hardened, health-checked', () => {
    const profiled = Object.entries(services).filter(([, s]) => s.profiles?.length);
    expect(profiled.map(([name]) => name)).toEqual(['memcached-1', 'memcached-2', 'memcached-3']);
    for (const [name, node] of profiled) {
      expect({ name, profiles: node.profiles }).toEqual({ name, profiles: ['memcached'] });
      expect(node.image).toBe('memcached:1.6-bookworm');
      expect(node.command?.slice(0, 5)).toEqual(['memcached', '-p', '11211', '-U', '0']);
      expect(node).toMatchObject({ read_only: true, cap_drop: ['ALL'], restart: 'unless-stopped' });
      // The meta protocol's no-op: what the apps speak (memcached >= 1.6), not only an open port.
      expect(node.healthcheck?.test.join(' ')).toContain("printf 'mn\\r\\n'");
    }
  });

  it('lets CACHE_ENGINE (default redis) and MEMCACHED_NODES of docker/.env choose the entity cache', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    expect(text).toContain('CACHE_ENGINE: ${CACHE_ENGINE:-redis}');
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    const envFile = join(dir, '.env');
    writeFileSync(
      envFile,
      `${readFileSync(COMPOSE_ENV_EXAMPLE, 'utf8')}CACHE_ENGINE=memcached\nMEMCACHED_NODES=memcached-2:11211\nMONITOR_ENGINES=redis,memcached\n`,
    );
    const chosen = composeConfig(COMPOSE_FILE, envFile);
    expect(chosen.ok).toBe(true);
    for (const app of ['user-service', 'product-service', 'cache-warmer', 'cache-monitor']) {
      expect(services[app]?.environment?.['CACHE_ENGINE']).toBe('redis');
      expect(chosen.services[app]?.environment).toMatchObject({
        CACHE_ENGINE: 'memcached',
        MEMCACHED_NODES: 'memcached-2:11211',
      });
    }
    // The assistant caches no entity: Redis whatever docker/.env says.
    expect(chosen.services['assistant-service']?.environment?.['CACHE_ENGINE']).toBe('redis');
    // The cache-monitor samples Redis, and the Memcached nodes too when docker/.env says so.
    expect(services['cache-monitor']?.environment?.['MONITOR_ENGINES']).toBe('redis');
    expect(chosen.services['cache-monitor']?.environment?.['MONITOR_ENGINES']).toBe('redis,memcached');
  });

  it("the container tests wait for the services `up` starts, not the profile's (compose.sh)", () => {
    // compose v1's `config --services` lists every service, those of inactive profiles too.
    const script = readFileSync(join(ROOT, 'scripts/containers/compose.sh'), 'utf8');
    const startedServices = /^started_services\(\) \{\n[\s\S]*?\n\}$/m.exec(script)![0];
    const compose = `compose() { docker-compose -f '${COMPOSE_FILE}' --env-file '${COMPOSE_ENV_EXAMPLE}' "$@"; }`;
    const started = execFileSync(
      'bash',
      ['-c', `set -euo pipefail\n${compose}\n${startedServices}\nstarted_services`],
      { encoding: 'utf8' },
    ).split('\n');
    const all = Object.keys(services);
    expect(started.filter(Boolean).sort()).toEqual(all.filter((name) => !services[name]!.profiles).sort());
    expect(all.filter((name) => services[name]!.profiles)).toHaveLength(3);
  });

  it('starts the apps in health order and publishes only the APIs and the monitor (not the warmer)', () => {
    expect(services['user-service']?.depends_on).toEqual({
      mysql: { condition: 'service_healthy' },
      'product-migrate': { condition: 'service_completed_successfully' },
      'redis-cluster-init': { condition: 'service_completed_successfully' },
    });
    expect(services['cache-warmer']?.depends_on).toEqual({
      'product-service': { condition: 'service_healthy' },
      'user-service': { condition: 'service_healthy' },
    });
    // The monitor waits for the cluster only: it must come up when an app does not, to show it down.
    expect(services['cache-monitor']?.depends_on).toEqual({
      'redis-cluster-init': { condition: 'service_completed_successfully' },
    });
    // The assistant too: its state is in the cluster, and the product-service is read on demand.
    expect(services['assistant-service']?.depends_on).toEqual({
      'redis-cluster-init': { condition: 'service_completed_successfully' },
    });
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name).sort()).toEqual([
      'assistant-service',
      'cache-monitor',
      'product-service',
      'user-service',
    ]);
  });

  it('runs the cache-monitor as the other apps (image, restart, health check of the image), sampling every 10 s', () => {
    const monitor = services['cache-monitor']!;
    expect(monitor.image).toBe('fleetcache/cache-monitor:local');
    expect(monitor.restart).toBe('unless-stopped');
    expect(monitor.healthcheck).toBeUndefined(); // the image's HEALTHCHECK, as for the other apps
    expect(monitor.environment?.['MONITOR_PERIOD_MS']).toBe('10000');
    expect(
      Object.keys(monitor.environment ?? {}).filter((n) => /^(DB_|INTERNAL_TOKEN|API_)/.test(n)),
    ).toEqual([]);
  });

  it('runs the assistant-service as the other apps, on the stand-in model, with secrets docker/.env must give', () => {
    const assistant = services['assistant-service']!;
    expect(assistant.image).toBe('fleetcache/assistant-service:local');
    expect(assistant.restart).toBe('unless-stopped');
    expect(assistant.healthcheck).toBeUndefined(); // the image's HEALTHCHECK, as for the other apps
    const env = assistant.environment ?? {};
    expect(Object.keys(env).filter((n) => n.startsWith('DB_'))).toEqual([]);
    expect(env).toMatchObject({ ASSISTANT_MODEL_PROVIDER: 'stand-in', ASSISTANT_EMBEDDER: 'hashing' });
    expect(env['SESSION_COOKIE_SECURE']).toBe('false'); // plain HTTP on 127.0.0.1
    // The model folder of the ONNX embedder is offered as a commented, read-only bind mount.
    expect((assistant as { volumes?: unknown[] }).volumes).toBeUndefined();
    expect(readFileSync(COMPOSE_FILE, 'utf8')).toMatch(/^ {4}# volumes: \["\.\/models:\/models:ro"\]/m);
    // Its secrets come from docker/.env, without defaults.
    const example = readFileSync(COMPOSE_ENV_EXAMPLE, 'utf8');
    for (const secret of ['SESSION_SECRET', 'REDIS_ASSISTANT_PASSWORD']) {
      const dir = mkdtempSync(join(tmpdir(), 'compose-'));
      const envFile = join(dir, '.env');
      writeFileSync(envFile, example.replace(new RegExp(`^${secret}=.*\n`, 'm'), ''));
      const result = composeConfig(COMPOSE_FILE, envFile);
      expect({ secret, ok: result.ok }).toEqual({ secret, ok: false });
      expect(result.stderr).toContain(`set ${secret} in docker/.env`);
    }
  });
});
