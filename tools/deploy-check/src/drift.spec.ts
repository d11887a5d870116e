// The deployment files and the apps must agree on ports, environment variable names and health paths: these tests
// read the apps' own typed config schemas and health routes, so a rename on either side fails here.
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Container, Service } from 'kubernetes-types/core/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import {
  ASSISTANT_ENV_SCHEMAS,
  assistantSettingsFromEnv,
  type AssistantServiceEnv,
  type AssistantSettings,
} from '@fleetcache/assistant';
import { CacheEnv } from '@fleetcache/cache';
import { validateEnv } from '@fleetcache/core';
import { FLEET_ENTITY_TYPES } from '@fleetcache/fleet';
import { serviceUrlVariables } from '@fleetcache/warmer';
import {
  APPS,
  HEALTH,
  MIGRATE_ENV_NAMES,
  SHARED_CONFIG_MAP,
  app,
  unreadEnv,
  type AppContract,
} from './app-contract';
import { composeConfig } from './compose';
import { instructions, readDockerfile } from './dockerfile';
import { find, kustomize, type Manifest } from './manifest';
import { containerEnv } from './pods';

/**
 * Names set for an app that it does not read, and names it needs that are not set. `shared`: the names of the shared
 * ConfigMap, which the app may be handed when another app reads them (unreadEnv).
 */
function envDrift(
  contract: AppContract,
  provided: Iterable<string>,
  shared: Iterable<string> = [],
): { unknown: string[]; missing: string[] } {
  const names = new Set(provided);
  return {
    unknown: unreadEnv(contract, names, shared),
    missing: contract.requiredEnv.filter((n) => !names.has(n)),
  };
}

/** The names of the shared ConfigMap (fleetcache-common, with its hash suffix) of a rendered overlay. */
function sharedNames(docs: Manifest[]): string[] {
  const maps = docs.filter(
    (d) => d.kind === 'ConfigMap' && d.metadata?.name?.startsWith(`${SHARED_CONFIG_MAP}-`),
  ) as (Manifest & { data?: Record<string, string> })[];
  expect(maps).toHaveLength(1);
  return Object.keys(maps[0]!.data ?? {});
}

/** What the cache-monitor scrapes: MONITOR_SCRAPE_TARGETS (`name=url,…`) as [name, host, port, path]. */
function scrapeTargets(value: string | undefined): [string, string, number, string][] {
  return (value ?? '').split(',').map((pair) => {
    const [name = '', url = ''] = pair.split('=');
    const parsed = new URL(url);
    return [name, parsed.hostname, Number(parsed.port), parsed.pathname];
  });
}

/** Every app whose internal /metrics the cache-monitor scrapes: all but itself, by their Service (host) names. */
/** What the monitor scrapes: every other app's internal /metrics, at `host` (each replica's address). */
const scraped = (host: (app: string) => string): [string, string, number, string][] =>
  APPS.filter((a) => a.name !== 'cache-monitor').map((a) => [
    a.name,
    host(a.name),
    a.internalPort,
    '/metrics',
  ]);
/** Kubernetes: a headless Service per app. Compose: the service name already resolves to every replica. */
const SCRAPED = scraped((app) => `${app}-pods`);
const SCRAPED_IN_COMPOSE = scraped((app) => app);

/**
 * Where the warmer reaches the owning service of each of the fleet's entity types: the public port for warm-up
 * reads, the internal one for the feed (USER_SERVICE_URL, USER_SERVICE_INTERNAL_URL, …).
 */
const WARMER_TARGETS: [string, AppContract['name'], 'port' | 'internalPort'][] = FLEET_ENTITY_TYPES.flatMap(
  (type) => {
    const variables = serviceUrlVariables(type.service.name);
    return [
      [variables.url, type.service.name, 'port'],
      [variables.internalUrl, type.service.name, 'internalPort'],
    ] as [string, AppContract['name'], 'port' | 'internalPort'][];
  },
);

describe('the fleet', () => {
  it("has an app contract (and so its deployment checks) for every entity type's owning service", () => {
    for (const type of FLEET_ENTITY_TYPES) expect(APPS.map((a) => a.name)).toContain(type.service.name);
    expect(WARMER_TARGETS.map(([variable]) => variable)).toEqual(
      expect.arrayContaining(['USER_SERVICE_URL', 'PRODUCT_SERVICE_INTERNAL_URL']),
    );
  });
});

/** What a Secret's key stands for in a check: a value of the right shape (the Secret itself is not here). */
const SECRET_STAND_INS: Record<string, string> = { API_KEY_SHA256: 'a'.repeat(64) };

/**
 * What the assistant-service makes of its environment, through its own validation and settings (the provider
 * checks: a Bedrock region, an ONNX model folder, …). A Secret's keys (compose's values or Kubernetes references)
 * get stand-ins of the right shape: only the deployment's plain settings are judged.
 */
function assistantSettings(env: Map<string, string> | Record<string, string>): AssistantSettings {
  const entries = env instanceof Map ? [...env] : Object.entries(env);
  const secret = (name: string, value: string) =>
    value.startsWith('<secret ') || ['INTERNAL_TOKEN', 'SESSION_SECRET', 'API_KEY_SHA256'].includes(name);
  const raw = Object.fromEntries(
    entries.map(([name, value]) => [
      name,
      secret(name, value) ? (SECRET_STAND_INS[name] ?? `stand-in-${name}-0123456789abcdef`) : value,
    ]),
  );
  return assistantSettingsFromEnv(validateEnv<AssistantServiceEnv>(raw, ...ASSISTANT_ENV_SCHEMAS));
}

/**
 * The assistant reads the entities prompts name from their owning service's public API (`GET <url>/<id>`): each
 * source is a fleet entity type, at its service's name, public port and path.
 */
function expectEntitySources(settings: AssistantSettings): void {
  expect(settings.entitySources.length).toBeGreaterThan(0);
  for (const source of settings.entitySources) {
    const type = FLEET_ENTITY_TYPES.find((t) => t.name === source.entity);
    expect({ entity: source.entity, known: !!type }).toEqual({ entity: source.entity, known: true });
    const service = type!.service.name as AppContract['name'];
    expect(source.url).toBe(`http://${service}:${app(service).port}${type!.service.path}`);
  }
}

function hostPort(address: string): [string, number] {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return [url.hostname, Number(url.port)];
}

/** The cache engine settings an app makes of its environment, through the app's own validation (CacheEnv). */
function cacheEngine(
  env: Map<string, string> | Record<string, string>,
): Pick<CacheEnv, 'CACHE_ENGINE' | 'MEMCACHED_NODES'> {
  const raw = env instanceof Map ? Object.fromEntries(env) : env;
  const { CACHE_ENGINE, MEMCACHED_NODES } = validateEnv<CacheEnv>(raw, CacheEnv);
  return { CACHE_ENGINE, MEMCACHED_NODES };
}

// dev-memcached: dev with k8s/components/memcached.
describe.each(['dev', 'prod', 'dev-memcached'])('k8s/overlays/%s agrees with the apps', (overlay) => {
  const docs = kustomize(`k8s/overlays/${overlay}`);
  const container = (name: string): Container =>
    find<Deployment>(docs, 'Deployment', name).spec!.template.spec!.containers[0]!;
  const env = (name: string) => containerEnv(docs, container(name));

  it.each(APPS.map((a) => [a.name, a]))('%s: env names, port, Service and probes', (name, contract) => {
    expect(envDrift(contract, env(name).keys(), sharedNames(docs))).toEqual({ unknown: [], missing: [] });
    expect(env(name).get('PORT')).toBe(String(contract.port));
    expect(env(name).get('INTERNAL_PORT')).toBe(String(contract.internalPort));
    expect(env(name).has('DB_HOST')).toBe(contract.usesDatabase);
    const c = container(name);
    expect(c.ports).toEqual([
      { name: 'http', containerPort: contract.port },
      { name: 'internal', containerPort: contract.internalPort },
    ]);
    expect(find<Service>(docs, 'Service', name).spec?.ports).toEqual([
      { name: 'http', port: contract.port, targetPort: 'http' },
      { name: 'internal', port: contract.internalPort, targetPort: 'internal' },
    ]);
    expect(c.startupProbe?.httpGet?.path).toBe(HEALTH.live);
    expect(c.livenessProbe?.httpGet?.path).toBe(HEALTH.live);
    expect(c.readinessProbe?.httpGet?.path).toBe(HEALTH.ready);
    expect(c.lifecycle?.preStop?.exec?.command?.[0]).toBe('sleep');
    expect(env(name).get('DB_MIGRATIONS_RUN') ?? 'false').toBe('false');
  });

  it('sets in the shared ConfigMap only names some app reads', () => {
    const names = sharedNames(docs);
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((n) => !APPS.some((a) => a.envNames.has(n)))).toEqual([]);
  });

  it('autoscales the two APIs on CPU', () => {
    for (const name of ['user-service', 'product-service']) {
      const hpa = find<HorizontalPodAutoscaler>(docs, 'HorizontalPodAutoscaler', name);
      expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec?.metrics?.[0]?.resource?.name).toBe('cpu');
    }
  });

  it('migrates with the service images and only the database settings', () => {
    const pod = find<Job>(docs, 'Job', 'fleetcache-migrate').spec!.template.spec!;
    const steps = [...(pod.initContainers ?? []), ...pod.containers];
    expect(steps.map((c) => [c.image?.split(':')[0], c.args])).toEqual([
      [container('user-service').image?.split(':')[0], ['migrate']],
      [container('product-service').image?.split(':')[0], ['migrate']],
    ]);
    for (const step of steps) {
      const names = [...containerEnv(docs, step).keys()];
      expect(names.filter((n) => !MIGRATE_ENV_NAMES.includes(n))).toEqual([]);
    }
  });

  it('points the apps at the Redis pods, MySQL and the services where they really listen', () => {
    const redis = find<StatefulSet>(docs, 'StatefulSet', 'redis');
    const redisPort = redis.spec!.template.spec!.containers[0]!.ports!.find(
      (p) => p.name === 'client',
    )!.containerPort;
    for (const node of env('user-service').get('REDIS_NODES')!.split(',')) {
      const [host, port] = hostPort(node);
      expect(host).toMatch(
        new RegExp(`^redis-[0-${redis.spec!.replicas! - 1}]\\.${redis.spec!.serviceName}$`),
      );
      expect(port).toBe(redisPort);
    }
    const mysql = find<StatefulSet>(docs, 'StatefulSet', 'mysql');
    expect(env('user-service').get('DB_HOST')).toBe(mysql.spec!.serviceName);
    expect(env('user-service').get('DB_PORT')).toBe(
      String(mysql.spec!.template.spec!.containers[0]!.ports![0]!.containerPort),
    );
    for (const [variable, service, port] of WARMER_TARGETS) {
      expect(hostPort(env('cache-warmer').get(variable)!)).toEqual([service, app(service)[port]]);
    }
    // The cache-monitor scrapes every pod of every other app (a headless Service: each pod's address), on its
    // internal port: one pod's counters are never compared with another's.
    expect(scrapeTargets(env('cache-monitor').get('MONITOR_SCRAPE_TARGETS'))).toEqual(SCRAPED);
    for (const [name, host, port] of SCRAPED) {
      const service = find<Service>(docs, 'Service', host);
      expect(service.spec?.clusterIP).toBe('None');
      expect(service.spec?.selector).toEqual({ 'app.kubernetes.io/name': name });
      expect(service.spec?.ports).toContainEqual(expect.objectContaining({ name: 'internal', port }));
    }
  });

  it('runs one cache-monitor (its alarms are per instance), never two at once, with no database settings', () => {
    const monitor = find<Deployment>(docs, 'Deployment', 'cache-monitor');
    expect(monitor.spec?.replicas).toBe(1);
    expect(monitor.spec?.strategy?.type).toBe('Recreate');
    expect(
      docs.filter((d) => d.kind === 'HorizontalPodAutoscaler' && JSON.stringify(d).includes('cache-monitor')),
    ).toEqual([]);
    expect([...env('cache-monitor').keys()].filter((n) => n.startsWith('DB_'))).toEqual([]);
    // It samples the Memcached nodes wherever they cache (k8s/components/memcached), else Redis only.
    const memcached = env('cache-monitor').get('CACHE_ENGINE') === 'memcached';
    expect(env('cache-monitor').get('MONITOR_ENGINES')).toBe(memcached ? 'redis,memcached' : 'redis');
  });

  it('runs the assistant-service on settings it accepts: its model, embedder, sessions and entity sources', () => {
    const settings = assistantSettings(env('assistant-service'));
    expectEntitySources(settings);
    // The same change-event channels as the services publish on, so that answers about an entity are dropped.
    for (const name of ['EVENTS_CHANNEL_PREFIX', 'EVENTS_PARTITIONS'])
      expect(env('assistant-service').get(name)).toBe(env('product-service').get(name));
    // Secure cookies are set only on requests the app sees as https: behind the ingress, it must trust the proxy.
    if (settings.sessions.secureCookies)
      expect(Number(env('assistant-service').get('HTTP_TRUSTED_PROXY_HOPS') ?? 0)).toBeGreaterThanOrEqual(1);
    expect(env('assistant-service').get('API_AUTH')).toBe(env('product-service').get('API_AUTH'));
    // dev (and dev-memcached): the stand-in and hashing, plain HTTP; prod: Bedrock and ONNX, HTTPS only.
    const expected = {
      dev: ['stand-in', 'hashing', false],
      'dev-memcached': ['stand-in', 'hashing', false],
      prod: ['bedrock', 'onnx', true],
    }[overlay];
    expect([settings.chatModel.provider, settings.embedder.kind, settings.sessions.secureCookies]).toEqual(
      expected,
    );
    // The ONNX model folder is on a read-only volume of the pod, a claim that the overlay renders.
    if (settings.embedder.kind === 'onnx') {
      const modelDir = settings.embedder.modelDir;
      const pod = find<Deployment>(docs, 'Deployment', 'assistant-service').spec!.template.spec!;
      const mount = container('assistant-service').volumeMounts?.find((m) =>
        modelDir.startsWith(`${m.mountPath}/`),
      );
      expect(mount?.readOnly).toBe(true);
      const volume = pod.volumes?.find((v) => v.name === mount?.name);
      expect(volume?.persistentVolumeClaim?.readOnly).toBe(true);
      expect(find(docs, 'PersistentVolumeClaim', volume!.persistentVolumeClaim!.claimName)).toBeDefined();
    }
  });

  it("caches in Redis by default; with Memcached, lists exactly the StatefulSet's pods on their port", () => {
    const memcached = docs.find(
      (d) => d.kind === 'StatefulSet' && d.metadata?.name === 'fleetcache-memcached',
    ) as StatefulSet | undefined;
    // The assistant caches no entity: Redis whatever the others use (its own config, read after the shared one).
    for (const a of APPS.filter((a) => !a.usesMemcached))
      expect({ app: a.name, ...cacheEngine(env(a.name)) }).toMatchObject({
        app: a.name,
        CACHE_ENGINE: 'redis',
      });
    const clients = APPS.filter((a) => a.usesMemcached);
    const engines = clients.map((a) => cacheEngine(env(a.name)));
    if (!memcached) {
      expect(engines.map((e) => e.CACHE_ENGINE)).toEqual(clients.map(() => 'redis'));
      return;
    }
    const port = memcached.spec!.template.spec!.containers[0]!.ports!.find(
      (p) => p.name === 'client',
    )!.containerPort;
    const pods = Array.from(
      { length: memcached.spec!.replicas! },
      (_, i) => `${memcached.metadata!.name}-${i}.${memcached.spec!.serviceName}:${port}`,
    );
    // Every app the same list, in the same order: the ketama ring is built from these names.
    for (const engine of engines)
      expect(engine).toEqual({ CACHE_ENGINE: 'memcached', MEMCACHED_NODES: pods.join(',') });
    expect(find<Service>(docs, 'Service', memcached.spec!.serviceName!).spec?.ports?.[0]?.port).toBe(port);
  });
});

describe('docker/ agrees with the apps', () => {
  const services = composeConfig().services;

  it.each(APPS.map((a) => [a.name, a]))(
    'compose %s: env names, published port and build args',
    (name, contract) => {
      const service = services[name]!;
      expect(envDrift(contract, Object.keys(service.environment ?? {}))).toEqual({
        unknown: [],
        missing: [],
      });
      expect(service.environment?.['PORT']).toBe(String(contract.port));
      // Only the APIs' public ports and the monitor's internal one (its dashboard) are published, on loopback;
      // the warmer's ports (health, metrics) stay inside the compose network. (docker-compose 1.29 renders a port
      // with a host address in the short form.)
      const published = {
        'user-service': contract.port,
        'product-service': contract.port,
        'cache-warmer': undefined,
        'cache-monitor': contract.internalPort,
        'assistant-service': contract.port,
      }[name];
      expect(service.ports ?? []).toEqual(published ? [`127.0.0.1:${published}:${published}/tcp`] : []);
      expect(service.environment?.['INTERNAL_PORT']).toBe(String(contract.internalPort));
      expect(service.build?.args).toEqual({ APP: name, PORT: String(contract.port) });
      expect(service.build?.dockerfile).toBe('docker/Dockerfile');
    },
  );

  it('compose points the apps at existing Redis, Memcached, MySQL and service hosts', () => {
    for (const node of services['user-service']!.environment!['REDIS_NODES']!.split(',')) {
      expect(Object.keys(services)).toContain(hostPort(node)[0]);
    }
    expect(services['user-service']!.environment!['DB_HOST']).toBe('mysql');
    for (const [variable, service, port] of WARMER_TARGETS) {
      expect(hostPort(services['cache-warmer']!.environment![variable]!)).toEqual([
        service,
        app(service)[port],
      ]);
      expect(services[service]!.environment?.[port === 'port' ? 'PORT' : 'INTERNAL_PORT']).toBe(
        String(app(service)[port]),
      );
    }
    // The cache-monitor scrapes every other app's internal /metrics on the compose network.
    expect(scrapeTargets(services['cache-monitor']!.environment!['MONITOR_SCRAPE_TARGETS'])).toEqual(
      SCRAPED_IN_COMPOSE,
    );
    for (const [, host, port] of SCRAPED_IN_COMPOSE) {
      expect(services[host]!.environment?.['INTERNAL_PORT']).toBe(String(port));
    }
    // The entity cache: Redis unless CACHE_ENGINE says otherwise; MEMCACHED_NODES are the profile's nodes.
    for (const name of APPS.map((a) => a.name)) {
      const engine = cacheEngine(services[name]!.environment!);
      expect(engine.CACHE_ENGINE).toBe('redis');
      for (const node of engine.MEMCACHED_NODES.split(',')) {
        const [host, port] = hostPort(node);
        const command = services[host]?.command ?? [];
        expect({ node, port: command[command.indexOf('-p') + 1] }).toEqual({ node, port: String(port) });
      }
    }
    // The assistant: its settings accepted by the app, on the stand-in model and hashing (no key, nothing leaves the
    // machine), cookies over plain HTTP, the products read from the product-service's public port.
    const assistant = assistantSettings(services['assistant-service']!.environment!);
    expect([assistant.chatModel.provider, assistant.embedder.kind, assistant.sessions.secureCookies]).toEqual(
      ['stand-in', 'hashing', false],
    );
    expectEntitySources(assistant);
    for (const source of assistant.entitySources) {
      const [host, port] = hostPort(source.url);
      expect(services[host]!.environment?.['PORT']).toBe(String(port));
    }
    for (const job of ['user-migrate', 'product-migrate']) {
      expect(Object.keys(services[job]!.environment!).filter((n) => !MIGRATE_ENV_NAMES.includes(n))).toEqual(
        [],
      );
    }
  });

  it('the image health check probes the liveness path on the app port', () => {
    const healthcheck = instructions(readDockerfile()).find((s) => s.keyword === 'HEALTHCHECK')!;
    expect(healthcheck.args).toContain(`'${HEALTH.live}'`);
    expect(healthcheck.args).toContain('process.env.PORT');
    expect(instructions(readDockerfile()).find((s) => s.keyword === 'EXPOSE')?.args).toBe('${PORT}');
  });
});
