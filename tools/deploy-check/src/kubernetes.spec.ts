import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesSchema } from './kubernetes-schema';
import { find, kustomize, ROOT, type Manifest } from './manifest';
import { containersOf, podTemplates } from './pods';

const OVERLAYS = { dev: 'fleetcache-dev', prod: 'fleetcache' } as const;
const schema = KubernetesSchema.generate();
const rendered = Object.fromEntries(
  Object.keys(OVERLAYS).map((overlay) => [overlay, kustomize(`k8s/overlays/${overlay}`)]),
) as Record<keyof typeof OVERLAYS, Manifest[]>;

describe.each(Object.entries(OVERLAYS))('k8s/overlays/%s', (overlay, namespace) => {
  const docs = rendered[overlay as keyof typeof OVERLAYS];

  it('renders, and every document passes the strict Kubernetes API schema', () => {
    expect(docs.length).toBeGreaterThan(30);
    expect(docs.flatMap((doc) => schema.problems(doc))).toEqual([]);
  });

  it('puts everything in its namespace and commits no Secret', () => {
    const stray = docs.filter((d) => d.kind !== 'Namespace' && d.metadata?.namespace !== namespace);
    expect(stray.map((d) => d.metadata?.name)).toEqual([]);
    expect(find(docs, 'Namespace', namespace)).toBeDefined();
    expect(docs.filter((d) => d.kind === 'Secret')).toEqual([]);
  });

  it('reads every secret key from fleetcache-secrets, and the example lists exactly those keys', () => {
    const example = readFileSync(join(ROOT, 'k8s/secrets.example.env'), 'utf8');
    const exampleKeys = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const refs = podTemplates(docs).flatMap((pod) =>
      containersOf(pod.spec).flatMap((c) => (c.env ?? []).flatMap((e) => e.valueFrom?.secretKeyRef ?? [])),
    );
    expect(new Set(refs.map((r) => r.name))).toEqual(new Set(['fleetcache-secrets']));
    expect(new Set(refs.map((r) => r.key))).toEqual(exampleKeys);
  });

  it('runs every pod hardened: non-root, read-only root filesystem, no token, no escalation, memory limit', () => {
    const problems = podTemplates(docs).flatMap((pod) => {
      const issues: string[] = [];
      if (pod.spec.automountServiceAccountToken !== false) issues.push('mounts a service account token');
      if (pod.spec.securityContext?.runAsNonRoot !== true) issues.push('may run as root');
      for (const c of containersOf(pod.spec)) {
        if (c.securityContext?.readOnlyRootFilesystem !== true)
          issues.push(`${c.name}: writable root filesystem`);
        if (c.securityContext?.allowPrivilegeEscalation !== false) issues.push(`${c.name}: may escalate`);
        if (!c.securityContext?.capabilities?.drop?.includes('ALL'))
          issues.push(`${c.name}: keeps capabilities`);
        if (!c.resources?.limits?.['memory']) issues.push(`${c.name}: no memory limit`);
      }
      return issues.map((issue) => `${pod.owner}: ${issue}`);
    });
    expect(problems).toEqual([]);
  });

  it('runs Redis Cluster as 6 pods with stable names, both ports, a volume, spread, a PDB and a create Job', () => {
    const redis = find<StatefulSet>(docs, 'StatefulSet', 'redis');
    expect(redis.spec?.replicas).toBe(6);
    expect(redis.spec?.volumeClaimTemplates?.[0]?.metadata?.name).toBe('data');
    expect(redis.spec?.template.spec?.affinity?.podAntiAffinity).toBeDefined();
    expect(redis.spec?.template.spec?.topologySpreadConstraints?.[0]?.topologyKey).toBe(
      'topology.kubernetes.io/zone',
    );
    const headless = find<Service>(docs, 'Service', redis.spec!.serviceName!);
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(headless.spec?.ports?.map((p: ServicePort) => p.port)).toEqual([6379, 16379]);
    expect(find(docs, 'PodDisruptionBudget', 'redis')).toMatchObject({ spec: { maxUnavailable: 1 } });
    expect(find(docs, 'Job', 'redis-cluster-create')).toBeDefined();
    const config = docs.find(
      (d) => d.kind === 'ConfigMap' && d.metadata?.name?.startsWith('redis-config'),
    ) as {
      data: Record<string, string>;
    };
    expect(config.data['redis.conf']).toMatch(/^maxmemory-policy volatile-lru$/m);
    expect(config.data['redis.conf']).toMatch(/^cluster-preferred-endpoint-type hostname$/m);
    expect(config.data['start.sh']).toMatch(/cluster-announce-hostname/);
    expect(config.data['start.sh']).toMatch(/cluster meet/);
    const probes = redis.spec!.template.spec!.containers[0]!;
    expect(probes.readinessProbe?.exec?.command).toEqual(['/bin/sh', '/etc/redis/probe.sh', 'ready']);
    expect(config.data['probe.sh']).toMatch(/cluster_state:ok/);
  });

  it('lets the HPA own the API replica counts (no replicas field an apply would reset)', () => {
    for (const name of ['user-service', 'product-service']) {
      expect(find<{ spec: { replicas?: number } }>(docs, 'Deployment', name).spec.replicas).toBeUndefined();
    }
  });

  it('keeps 7 days of MySQL backups', () => {
    const cron = JSON.stringify(find(docs, 'CronJob', 'mysql-backup'));
    expect(cron).toContain('-mtime +6 -delete');
    expect(find(docs, 'PersistentVolumeClaim', 'mysql-backups')).toBeDefined();
  });

  it('denies all traffic but DNS, Redis from its clients, the bus between Redis pods, and MySQL from its clients', () => {
    const policy = (name: string) => find<NetworkPolicy>(docs, 'NetworkPolicy', name).spec!;
    expect(policy('default-deny-all')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policy('allow-dns').egress?.[0]?.ports?.map((p) => p.port)).toEqual([53, 53]);
    const [client, bus] = policy('redis').ingress!;
    expect(client?.ports?.map((p) => p.port)).toEqual([6379]);
    expect(bus?.ports?.map((p) => p.port)).toEqual([16379]);
    expect(bus?.from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis' } } }]);
    expect(policy('mysql').ingress?.[0]?.ports?.map((p) => p.port)).toEqual([3306]);
    const labelled = (label: string) =>
      podTemplates(docs)
        .filter((pod) => pod.labels[label] === 'true')
        .map((pod) => pod.owner)
        .sort();
    expect(labelled('fleetcache.io/redis-client')).toEqual([
      'Deployment/cache-warmer',
      'Deployment/product-service',
      'Deployment/user-service',
      'Job/redis-cluster-create',
    ]);
    expect(labelled('fleetcache.io/mysql-client')).toEqual([
      'CronJob/mysql-backup',
      'Deployment/product-service',
      'Deployment/user-service',
      'Job/fleetcache-migrate',
    ]);
  });
});

describe('strict validation', () => {
  it('fails a deliberately broken overlay: a misspelled field and a wrong type', () => {
    const docs = kustomize('tools/deploy-check/fixtures/broken-overlay');
    const problems = docs.flatMap((doc) => schema.problems(doc));
    expect(problems).toEqual([
      expect.stringContaining('Deployment/user-service: /spec/replicas: must be number'),
      expect.stringContaining('unknown field "paht"'),
    ]);
  });

  it('refuses a kind fleetcache does not deploy and a document without a name', () => {
    expect(schema.problems({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } })).toEqual([
      'Pod/x: v1 Pod is not a kind fleetcache deploys',
    ]);
    expect(schema.problems({ apiVersion: 'v1', kind: 'Service' })).toEqual([
      'Service/?: metadata.name is required',
    ]);
  });
});
