// Prometheus for fleetcache (docs/prometheus.md), checked offline:
// - deploy/prometheus/rules pass `promtool check rules`, and their unit tests (deploy/prometheus/tests, `promtool test
//   rules`) pass; every alert has a test that fires it and one where it stays quiet, and a broken threshold fails them;
// - deploy/grafana/fleetcache-dashboard.json queries valid PromQL, reading only what the rules record or the
//   exporters and the apps export, and shows the state of exactly the rules' alerts;
// - k8s/components/prometheus (on in k8s/overlays/dev-prometheus; with TLS and with Memcached in temporary overlays)
//   renders schema-valid and hardened, scrapes what exists, and carries the rules of deploy/prometheus.
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Container, EnvVar, PodSpec, Service } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { KubernetesSchema } from './kubernetes-schema';
import { find, kustomize, ROOT, type Manifest } from './manifest';
import { containerEnv, containersOf, podTemplates, selects, type PodTemplate } from './pods';
import {
  appMetricNames,
  customResourceProblems,
  EXPORTER_METRICS,
  family,
  isCustomResource,
  metricNames,
  promtool,
} from './prometheus';

const RULES_DIR = 'deploy/prometheus/rules';
const TESTS_DIR = 'deploy/prometheus/tests';
const DASHBOARD = 'deploy/grafana/fleetcache-dashboard.json';

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleGroup {
  name: string;
  rules: Rule[];
}
interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts?: Array<{ exp_labels?: Record<string, string> }>;
}
interface TestGroup {
  name?: string;
  input_series: Array<{ series: string; values: string }>;
  alert_rule_test?: AlertTest[];
}
interface TestFile {
  rule_files: string[];
  group_eval_order?: string[];
  tests: TestGroup[];
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const yamlIn = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);

const ruleFiles = yamlIn(RULES_DIR);
const testFiles = yamlIn(TESTS_DIR);
const groups = ruleFiles.flatMap((file) => (parse(read(file)) as { groups: RuleGroup[] }).groups);
const rules = groups.flatMap((g) => g.rules);
const alerts = rules.filter((r) => r.alert);
const alertNames = [...new Set(alerts.map((a) => a.alert!))];
const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
// Failsafe: every scalar a string, as promtool reads `values: 0x30` (not the hexadecimal number 48).
const testsByFile = testFiles.map((file) => ({
  file,
  ...(parse(read(file), { schema: 'failsafe' }) as TestFile),
}));
const testGroups = testsByFile.flatMap((t) => t.tests);
const alertTests = testGroups.flatMap((g) => g.alert_rule_test ?? []);
const appMetrics = appMetricNames();

/** Names an expression reads that neither the rules record nor the exporters or the apps export. */
function unknownMetrics(expr: string): string[] {
  return metricNames(expr).filter(
    (name) => !recorded.has(name) && !EXPORTER_METRICS.has(name) && !appMetrics.has(family(name)),
  );
}

const scratch = mkdtempSync(join(tmpdir(), 'fleetcache-prometheus-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('deploy/prometheus', () => {
  it('promtool check rules accepts every rules file', () => {
    expect(ruleFiles).toEqual([`${RULES_DIR}/fleetcache.rules.yml`]);
    const run = promtool(['check', 'rules', ...ruleFiles]);
    expect(run).toEqual({ status: 0, output: expect.stringMatching(/SUCCESS: \d+ rules found/) });
  });

  it("the rules' unit tests pass (promtool test rules deploy/prometheus/tests/*.yml)", () => {
    expect(testFiles.length).toBeGreaterThan(0);
    const run = promtool(['test', 'rules', ...testFiles]);
    expect(run).toEqual({ status: 0, output: expect.not.stringContaining('FAILED') });
  });

  it('the unit tests fail once a threshold is off (EngineCPUUtilizationHigh at 85 % instead of 75 %)', () => {
    const broken = read(`${RULES_DIR}/fleetcache.rules.yml`).replace(
      'fleetcache:redis_engine_cpu:ratio_rate5m > 0.75',
      'fleetcache:redis_engine_cpu:ratio_rate5m > 0.85',
    );
    expect(broken).not.toBe(read(`${RULES_DIR}/fleetcache.rules.yml`));
    mkdirSync(join(scratch, 'rules'));
    mkdirSync(join(scratch, 'tests'));
    writeFileSync(join(scratch, 'rules/fleetcache.rules.yml'), broken);
    copyFileSync(join(ROOT, TESTS_DIR, 'engine.test.yml'), join(scratch, 'tests/engine.test.yml'));
    const run = promtool(['test', 'rules', 'tests/engine.test.yml'], scratch);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/FAILED:[\s\S]*alertname: EngineCPUUtilizationHigh/);
  });

  it("alerts on the conditions and for the times of the cache-monitor's default alarms (docs/prometheus.md)", () => {
    const where = (a: Rule) => a.labels?.['engine'] ?? '';
    const conditions = (a: Rule) =>
      [...a.expr.matchAll(/(?:[<>]=?|==)\s*[\d.]+/g)].map((m) => m[0]).join(' ');
    expect(alerts.map((a) => `${a.alert} [${where(a)}] ${conditions(a)} for ${a.for ?? '0s'}`)).toEqual([
      'CacheHitRateLow [redis] < 0.7 > 1 for 5m',
      'CacheHitRateLow [memcached] < 0.7 > 1 for 5m',
      'AppCacheHitRateLow [] < 0.7 > 1 for 5m',
      'EngineCPUUtilizationHigh [redis] > 0.75 for 5m',
      'DatabaseMemoryUsageHigh [redis] > 0.8 for 3m',
      'DatabaseMemoryUsageHigh [memcached] > 0.8 for 3m',
      'EvictionsNonZero [redis] > 0 for 0s',
      'EvictionsNonZero [memcached] > 0 for 0s',
      'ReplicationLagHigh [redis] > 5 == 0 for 1m',
      'CurrConnectionsHigh [redis] > 1000 for 3m',
      'CurrConnectionsHigh [memcached] > 1000 for 3m',
      'CacheNodeDown [redis] == 0 for 1m',
      'CacheNodeDown [memcached] == 0 for 1m',
      'OutboxBacklogGrowing [] > 100 for 5m',
      'WarmerLagP99High [] > 1 for 3m',
    ]);
  });

  it("keeps the cache-monitor's alarm names and thresholds (its percentages as ratios; Up < 1 is up == 0)", () => {
    const defaults = read('libs/monitor/src/alarms/default-alarms.ts');
    const monitor = [
      ...defaults.matchAll(/name: '(\w+)',[\s\S]*?metric: '(\w+)',[\s\S]*?threshold: ([\d.]+),/g),
    ].map(([, name, metric, threshold]) => ({ name: name!, metric: metric!, threshold: Number(threshold) }));
    expect(monitor.length).toBeGreaterThanOrEqual(10);
    const percent = new Set(['CacheHitRate', 'EngineCPUUtilization', 'DatabaseMemoryUsagePercentage']);
    const expected = monitor.map((m) =>
      m.metric === 'Up'
        ? `${m.name} == 0`
        : `${m.name} ${percent.has(m.metric) ? m.threshold / 100 : m.threshold}`,
    );
    const first = (a: Rule) => /(?:[<>]=?|==)\s*([\d.]+)/.exec(a.expr);
    const actual = alerts.map(
      (a) => `${a.alert} ${first(a)?.[0].startsWith('==') ? '== ' : ''}${first(a)?.[1]}`,
    );
    expect([...new Set(actual)].sort()).toEqual(expected.sort());
  });

  it('labels every alert warning or critical, with a summary and a description that say where', () => {
    const problems = alerts.flatMap((a) => {
      const issues: string[] = [];
      if (!['warning', 'critical'].includes(a.labels?.['severity'] ?? '')) issues.push('severity');
      for (const key of ['summary', 'description']) {
        if (!/\{\{[^}]*\$labels\./.test(a.annotations?.[key] ?? ''))
          issues.push(`${key} without {{ $labels }}`);
      }
      return issues.map((issue) => `${a.alert}: ${issue}`);
    });
    expect(problems).toEqual([]);
  });

  it('has, for every alert rule, a test that fires it, and for every alert one where it stays quiet', () => {
    const untested = alerts
      .filter(
        (rule) =>
          !alertTests.some(
            (t) =>
              t.alertname === rule.alert &&
              (t.exp_alerts ?? []).some((e) =>
                Object.entries(rule.labels ?? {}).every(([k, v]) => e.exp_labels?.[k] === v),
              ),
          ),
      )
      .map((rule) => `${rule.alert} ${JSON.stringify(rule.labels)}: never expected to fire`);
    const neverQuiet = alertNames
      .filter((name) => !alertTests.some((t) => t.alertname === name && (t.exp_alerts ?? []).length === 0))
      .map((name) => `${name}: never expected to stay quiet`);
    expect([...untested, ...neverQuiet]).toEqual([]);
  });

  it('tests CacheHitRateLow without traffic: lookup counters that never move fire nothing', () => {
    const lookups =
      /^(redis_keyspace_(hits|misses)_total|memcached_commands_total|fleetcache_cache_lookups_total)\{/;
    const still = (values: string) => /^\d+x\d+$|^\d+\+0x\d+$/.test(values.trim());
    const idle = testGroups.filter((g) => {
      const counted = g.input_series.filter(
        (s) => lookups.test(s.series) && !s.series.includes('result="bypass"'),
      );
      return counted.length > 0 && counted.every((s) => still(s.values));
    });
    expect(idle.map((g) => g.name)).not.toEqual([]);
    for (const group of idle) {
      const checks = (group.alert_rule_test ?? []).filter((t) => t.alertname === 'CacheHitRateLow');
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((t) => (t.exp_alerts ?? []).length === 0)).toBe(true);
    }
  });

  it('orders the groups in every test file, recording first (promtool 2.42 evaluates them in any order otherwise)', () => {
    for (const { file, group_eval_order } of testsByFile) {
      expect({ file, group_eval_order }).toEqual({ file, group_eval_order: groups.map((g) => g.name) });
    }
  });

  it('reads only metrics the exporters or the apps export, or that the rules record', () => {
    expect(appMetrics.has('fleetcache_cache_lookups_total')).toBe(true);
    expect(
      rules.flatMap((r) => unknownMetrics(r.expr).map((name) => `${r.record ?? r.alert}: ${name}`)),
    ).toEqual([]);
    // level:metric:operations, the naming of recording rules.
    expect([...recorded].filter((name) => !/^fleetcache:[a-z0-9_]+:[a-z0-9_]+$/.test(name))).toEqual([]);
  });
});

interface Target {
  refId: string;
  expr: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos?: { h: number; w: number; x: number; y: number };
  targets?: Target[];
}

describe(DASHBOARD, () => {
  const dashboard = JSON.parse(read(DASHBOARD)) as {
    uid: string;
    title: string;
    schemaVersion: number;
    templating: { list: Array<{ name: string; type: string; query: string }> };
    panels: Panel[];
  };
  const panels = dashboard.panels;
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

  it('is the dashboard "fleetcache" (uid fleetcache), schema 39, with a Prometheus data source to choose', () => {
    expect({ uid: dashboard.uid, title: dashboard.title }).toEqual({
      uid: 'fleetcache',
      title: 'fleetcache',
    });
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
  });

  it('gives every panel a unique id, a place, that data source, and queries with an expression', () => {
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const problems = panels.flatMap((p) => {
      const issues: string[] = [];
      if (p.datasource?.uid !== '${datasource}' || p.datasource.type !== 'prometheus')
        issues.push('data source');
      if (!p.gridPos) issues.push('no gridPos');
      if (!p.targets?.length) issues.push('no query');
      for (const t of p.targets ?? []) {
        if (!t.expr?.trim()) issues.push(`${t.refId}: no expr`);
        if (t.datasource && t.datasource.uid !== '${datasource}') issues.push(`${t.refId}: data source`);
      }
      return issues.map((issue) => `${p.id} ${p.title}: ${issue}`);
    });
    expect(problems).toEqual([]);
  });

  it('queries valid PromQL (promtool checks each expression as a recording rule)', () => {
    const file = join(scratch, 'dashboard.rules.yml');
    const asRules = exprs.map((e, i) => ({ record: `dashboard:query_${i}:check`, expr: e.expr }));
    writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules: asRules }] }));
    expect(promtool(['check', 'rules', file])).toEqual({
      status: 0,
      output: expect.stringContaining(`SUCCESS: ${exprs.length} rules found`),
    });
  });

  it('reads only what the rules record, or the exporters or the apps export', () => {
    expect(exprs.flatMap((e) => unknownMetrics(e.expr).map((name) => `${e.panel}: ${name}`))).toEqual([]);
  });

  it('shows hit rates (engine per node, apps per entity), latency, evictions, memory, replication lag, connections', () => {
    const shown = new Set(exprs.flatMap((e) => metricNames(e.expr)));
    for (const name of [
      'fleetcache:redis_keyspace_hit_ratio:sum_rate5m',
      'fleetcache:redis_keyspace_hit_ratio:rate5m',
      'fleetcache:memcached_get_hit_ratio:rate5m',
      'fleetcache:cache_hit_ratio:rate5m',
      'redis_commands_duration_seconds_total',
      'redis_commands_total',
      'redis_evicted_keys_total',
      'fleetcache:redis_memory_usage:ratio',
      'redis_connected_slave_lag_seconds',
      'redis_connected_clients',
      'ALERTS',
    ])
      expect({ name, shown: shown.has(name) }).toEqual({ name, shown: true });
  });

  it('shows the state of exactly the alerts of the rules', () => {
    const states = exprs.filter((e) => metricNames(e.expr).includes('ALERTS'));
    expect(states).toHaveLength(1);
    const listed = /alertname=~"([^"]+)"/.exec(states[0]!.expr)?.[1]?.split('|') ?? [];
    expect(listed.sort()).toEqual([...alertNames].sort());
  });
});

/** A temporary overlay of `resource` with `components` (paths under k8s/), rendered. */
function overlay(name: string, resource: string, components: string[]): Manifest[] {
  const dir = join(scratch, name);
  mkdirSync(dir);
  const k8s = relative(dir, join(ROOT, 'k8s'));
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      `resources: [${k8s}/${resource}]`,
      `components: [${components.map((c) => `${k8s}/${c}`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  return kustomize(dir);
}

const redisPod = (docs: Manifest[]) => find<StatefulSet>(docs, 'StatefulSet', 'redis').spec!.template.spec!;
const named = (pod: PodSpec, name: string) => pod.containers.find((c) => c.name === name);
const env = (container: Container | undefined, name: string): EnvVar | undefined =>
  container?.env?.find((e) => e.name === name);

describe('k8s/components/prometheus', () => {
  const schema = KubernetesSchema.generate();
  const renderings: Record<string, Manifest[]> = {
    'k8s/overlays/dev-prometheus': kustomize('k8s/overlays/dev-prometheus'),
    'dev + tls + prometheus + prometheus/tls': overlay('with-tls', 'overlays/dev', [
      'components/tls',
      'components/prometheus',
      'components/prometheus/tls',
    ]),
    'dev-memcached + prometheus + prometheus/memcached': overlay('with-memcached', 'overlays/dev-memcached', [
      'components/prometheus',
      'components/prometheus/memcached',
    ]),
  };
  const all = Object.entries(renderings);

  it.each(all)(
    '%s: renders schema-valid (Kubernetes kinds strictly, ServiceMonitor and PrometheusRule)',
    (_, docs) => {
      const custom = docs.filter(isCustomResource);
      expect(custom.map((d) => d.kind).sort()).toEqual(
        expect.arrayContaining(['PrometheusRule', 'ServiceMonitor', 'ServiceMonitor']),
      );
      expect(
        docs.flatMap((d) => (isCustomResource(d) ? customResourceProblems(d) : schema.problems(d))),
      ).toEqual([]);
    },
  );

  it('refuses a misspelt ServiceMonitor field and a malformed interval (the custom resource check is live)', () => {
    const monitor = find(renderings['k8s/overlays/dev-prometheus']!, 'ServiceMonitor', 'redis-exporter');
    const broken = JSON.parse(JSON.stringify(monitor)) as {
      spec: { endpoints: Array<Record<string, unknown>> };
    };
    broken.spec.endpoints[0]!['intervall'] = '30s';
    broken.spec.endpoints[0]!['scrapeTimeout'] = '10 seconds';
    expect(customResourceProblems(broken as unknown as Manifest)).toEqual([
      expect.stringContaining('must NOT have additional properties "intervall"'),
      expect.stringContaining('/spec/endpoints/0/scrapeTimeout: must match pattern'),
    ]);
  });

  it.each(all)('%s: runs every container hardened, the exporters included', (_, docs) => {
    const problems = podTemplates(docs).flatMap((pod) =>
      containersOf(pod.spec).flatMap((c) => {
        const issues: string[] = [];
        if (pod.spec.securityContext?.runAsNonRoot !== true) issues.push('may run as root');
        if (c.securityContext?.readOnlyRootFilesystem !== true) issues.push('writable root filesystem');
        if (c.securityContext?.allowPrivilegeEscalation !== false) issues.push('may escalate');
        if (!c.securityContext?.capabilities?.drop?.includes('ALL')) issues.push('keeps capabilities');
        if (!c.resources?.limits?.['memory']) issues.push('no memory limit');
        return issues.map((issue) => `${pod.owner}/${c.name}: ${issue}`);
      }),
    );
    expect(problems).toEqual([]);
  });

  it.each(all)(
    '%s: reads secrets only from fleetcache-secrets, keys that k8s/secrets.example.env lists',
    (_, docs) => {
      const example = new Set(
        [...read('k8s/secrets.example.env').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]),
      );
      const refs = podTemplates(docs).flatMap((pod) =>
        containersOf(pod.spec).flatMap((c) => (c.env ?? []).flatMap((e) => e.valueFrom?.secretKeyRef ?? [])),
      );
      expect(new Set(refs.map((r) => r.name))).toEqual(new Set(['fleetcache-secrets']));
      expect(refs.filter((r) => !example.has(r.key)).map((r) => r.key)).toEqual([]);
    },
  );

  it.each(all)(
    '%s: puts redis_exporter (pinned) after redis in every Redis pod, logged in as the monitor user the node defines',
    (_, docs) => {
      const pod = redisPod(docs);
      expect(pod.containers.map((c) => c.name)).toEqual(['redis', 'redis-exporter']);
      const [redis, exporter] = pod.containers as [Container, Container];
      expect(exporter.image).toMatch(/^oliver006\/redis_exporter:v\d+\.\d+\.\d+$/);
      expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9121 }]);
      // The same Secret keys as the ACL user k8s/base/redis/acl-users.sh defines on the node.
      expect(env(exporter, 'REDIS_USER')?.valueFrom?.secretKeyRef).toEqual(
        env(redis, 'REDIS_MONITOR_USERNAME')?.valueFrom?.secretKeyRef,
      );
      expect(env(exporter, 'REDIS_PASSWORD')?.valueFrom?.secretKeyRef).toEqual(
        env(redis, 'REDIS_MONITOR_PASSWORD')?.valueFrom?.secretKeyRef,
      );
      expect(env(exporter, 'REDIS_USER')?.valueFrom?.secretKeyRef).toBeDefined();
      expect(read('k8s/base/redis/acl-users.sh')).toMatch(/^ {2}echo "user \$REDIS_MONITOR_USERNAME /m);
      expect(env(exporter, 'REDIS_EXPORTER_DISABLE_SCRAPE_ENDPOINT')?.value).toBe('true');
      // The monitor user may not run CONFIG: maxmemory comes from INFO.
      expect(env(exporter, 'REDIS_EXPORTER_CONFIG_COMMAND')?.value).toBe('-');
      expect(exporter.readinessProbe).toBeUndefined();
    },
  );

  it('reaches Redis on 127.0.0.1 in plain TCP without TLS', () => {
    const pod = redisPod(renderings['k8s/overlays/dev-prometheus']!);
    expect(env(named(pod, 'redis'), 'REDIS_TLS')).toBeUndefined();
    expect(env(named(pod, 'redis-exporter'), 'REDIS_ADDR')?.value).toBe('redis://127.0.0.1:6379');
  });

  it("with TLS, reaches it over TLS, trusting fleetcache-tls's CA under the name the apps verify", () => {
    const docs = renderings['dev + tls + prometheus + prometheus/tls']!;
    const pod = redisPod(docs);
    const exporter = named(pod, 'redis-exporter')!;
    expect(env(named(pod, 'redis'), 'REDIS_TLS')?.value).toBe('true');
    expect(env(exporter, 'REDIS_ADDR')?.value).toBe('rediss://127.0.0.1:6379');
    const app = find<Deployment>(docs, 'Deployment', 'user-service').spec!.template.spec!.containers[0]!;
    expect(env(exporter, 'REDIS_EXPORTER_TLS_SERVER_NAME')?.value).toBe(
      containerEnv(docs, app).get('REDIS_TLS_SERVERNAME'),
    );
    const caFile = env(exporter, 'REDIS_EXPORTER_TLS_CA_CERT_FILE')!.value!;
    const mount = exporter.volumeMounts?.find((m) => caFile.startsWith(`${m.mountPath}/`));
    const volume = pod.volumes?.find((v) => v.name === mount?.name)?.secret;
    expect(volume?.secretName).toBe('fleetcache-tls');
    expect(volume?.items).toEqual([{ key: 'ca.crt', path: caFile.slice(mount!.mountPath.length + 1) }]);
  });

  it('with Memcached, puts memcached_exporter (pinned) after memcached, reading its node on 127.0.0.1', () => {
    const docs = renderings['dev-memcached + prometheus + prometheus/memcached']!;
    const pod = find<StatefulSet>(docs, 'StatefulSet', 'fleetcache-memcached').spec!.template.spec!;
    expect(pod.containers.map((c) => c.name)).toEqual(['memcached', 'memcached-exporter']);
    const exporter = pod.containers[1]!;
    expect(exporter.image).toMatch(/^prom\/memcached-exporter:v\d+\.\d+\.\d+$/);
    expect(exporter.args).toContain('--memcached.address=127.0.0.1:11211');
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 9150 }]);
  });

  it.each(all)(
    '%s: scrapes existing ports: each ServiceMonitor selects Services with its port, on pods Prometheus may reach',
    (_, docs) => {
      const monitors = docs.filter((d) => d.kind === 'ServiceMonitor') as Array<
        Manifest & {
          spec: { selector: Parameters<typeof matchesSelector>[0]; endpoints: Array<{ port: string }> };
        }
      >;
      const services = docs.filter((d) => d.kind === 'Service') as Array<Service & Manifest>;
      const pods = podTemplates(docs);
      const policies = docs.filter((d) => d.kind === 'NetworkPolicy') as Array<NetworkPolicy & Manifest>;
      const problems: string[] = [];
      const scraped: string[] = [];
      for (const monitor of monitors) {
        const selected = services.filter((s) =>
          matchesSelector(monitor.spec.selector, s.metadata?.labels ?? {}),
        );
        if (!selected.length) problems.push(`${monitor.metadata?.name}: selects no Service`);
        for (const service of selected) {
          for (const { port } of monitor.spec.endpoints) {
            const servicePort = service.spec?.ports?.find((p) => p.name === port);
            if (!servicePort) {
              problems.push(
                `${monitor.metadata?.name}: Service ${service.metadata?.name} has no port ${port}`,
              );
              continue;
            }
            const backends = pods.filter((pod) => selects(service.spec?.selector, pod.labels));
            if (!backends.length) problems.push(`Service ${service.metadata?.name} selects no pod`);
            for (const pod of backends) {
              const number = containerPort(pod, String(servicePort.targetPort ?? servicePort.port));
              if (number === undefined)
                problems.push(`${pod.owner}: no port ${String(servicePort.targetPort)}`);
              else if (!prometheusMayReach(policies, pod, number, String(servicePort.targetPort)))
                problems.push(`${pod.owner}: Prometheus may not reach port ${number}`);
              else scraped.push(`${pod.owner}:${number}`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
      expect(scraped).toEqual(
        expect.arrayContaining([
          'StatefulSet/redis:9121',
          'Deployment/user-service:9001',
          'Deployment/product-service:9002',
          'Deployment/cache-warmer:9003',
          'Deployment/cache-monitor:9005',
          'Deployment/assistant-service:9004',
        ]),
      );
      // Each port once: a second Service over the same pods (the monitor's headless *-pods ones) would double every
      // series under another job.
      expect(scraped.filter((target, i) => scraped.indexOf(target) !== i)).toEqual([]);
      if (docs.some((d) => d.kind === 'StatefulSet' && d.metadata?.name === 'fleetcache-memcached'))
        expect(scraped).toContain('StatefulSet/fleetcache-memcached:9150');
    },
  );

  it.each(all)('%s: carries the rules of deploy/prometheus as its PrometheusRule, unchanged', (_, docs) => {
    const rule = find<{ spec: { groups: RuleGroup[] } }>(docs, 'PrometheusRule', 'fleetcache');
    // On a difference: node deploy/prometheus/render-prometheusrule.mjs
    expect(rule.spec.groups).toEqual(groups);
  });

  it('is off in dev and prod, which render no exporter, ServiceMonitor or PrometheusRule', () => {
    for (const name of ['dev', 'prod']) {
      const docs = kustomize(`k8s/overlays/${name}`);
      expect(docs.filter(isCustomResource)).toEqual([]);
      expect(redisPod(docs).containers.map((c) => c.name)).toEqual(['redis']);
    }
  });
});

/** Whether a label selector (matchLabels, matchExpressions In and NotIn) selects these labels. */
function matchesSelector(
  selector: {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
  },
  labels: Record<string, string>,
): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const listed = (e.values ?? []).includes(labels[e.key] ?? '');
    if (e.operator === 'In') return listed;
    if (e.operator === 'NotIn') return !listed;
    throw new Error(`unexpected selector operator ${e.operator}`);
  });
  return byLabels && byExpressions;
}

/** The number of a pod's container port given by name or number, if the pod has it. */
function containerPort(pod: PodTemplate, port: string): number | undefined {
  const ports = containersOf(pod.spec).flatMap((c) => c.ports ?? []);
  return ports.find((p) => p.name === port || String(p.containerPort) === port)?.containerPort;
}

/** Whether a NetworkPolicy lets Prometheus (namespace monitoring, app.kubernetes.io/name=prometheus) reach the port. */
function prometheusMayReach(
  policies: NetworkPolicy[],
  pod: PodTemplate,
  port: number,
  portName: string,
): boolean {
  return policies.some(
    (policy) =>
      matchesSelector(policy.spec?.podSelector ?? {}, pod.labels) &&
      (policy.spec?.ingress ?? []).some(
        (rule) =>
          (rule.ports ?? []).some((p) => p.port === port || p.port === portName) &&
          (rule.from ?? []).some(
            (peer) =>
              peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring' &&
              peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'prometheus',
          ),
      ),
  );
}
