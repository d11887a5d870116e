import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeConfig, COMPOSE_FILE } from './compose';
import { instructions, lintDockerfile, readDockerfile } from './dockerfile';
import { ROOT } from './manifest';

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

  it('starts the apps in health order and publishes only the APIs (not the warmer)', () => {
    expect(services['user-service']?.depends_on).toEqual({
      mysql: { condition: 'service_healthy' },
      'product-migrate': { condition: 'service_completed_successfully' },
      'redis-cluster-init': { condition: 'service_completed_successfully' },
    });
    expect(services['cache-warmer']?.depends_on).toEqual({
      'product-service': { condition: 'service_healthy' },
      'user-service': { condition: 'service_healthy' },
    });
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name).sort()).toEqual(['product-service', 'user-service']);
  });
});
