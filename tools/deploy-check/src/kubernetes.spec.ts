import type { Service, ServiceAccount, ServicePort } from 'kubernetes-types/core/v1';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { NetworkPolicy, NetworkPolicyPeer } from 'kubernetes-types/networking/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubernetesSchema } from './kubernetes-schema';
import { find, kustomize, ROOT, type Manifest } from './manifest';
import { containerEnv, containersOf, podTemplates, selects } from './pods';

// dev-memcached: dev with k8s/components/memcached (CACHE_ENGINE=memcached), so every check below covers it too.
const OVERLAYS = { dev: 'fleetcache-dev', prod: 'fleetcache', 'dev-memcached': 'fleetcache-dev' } as const;
const MEMCACHED = 'fleetcache-memcached';
const MEMCACHED_CLIENTS = [
  'Deployment/cache-monitor',
  'Deployment/cache-warmer',
  'Deployment/product-service',
  'Deployment/user-service',
];
const schema = KubernetesSchema.generate();

/** Whether a label selector (matchLabels, and matchExpressions with In) selects these labels. */
function matches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    if (e.operator !== 'In') throw new Error(`unexpected selector operator ${e.operator}`);
    return (e.values ?? []).includes(labels[e.key] ?? '');
  });
  return byLabels && byExpressions;
}

/** Whether a peer of a rule is a pod of the same namespace with these labels (no namespaceSelector, no ipBlock). */
function samePodPeer(peer: NetworkPolicyPeer, labels: Record<string, string>): boolean {
  return !peer.namespaceSelector && !peer.ipBlock && matches(peer.podSelector, labels);
}
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
      'Deployment/assistant-service',
      'Deployment/cache-monitor',
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
    const memcached = docs.some((d) => d.kind === 'StatefulSet' && d.metadata?.name === MEMCACHED);
    expect(labelled('fleetcache.io/memcached-client')).toEqual(memcached ? MEMCACHED_CLIENTS : []);
  });

  it('lets only this namespace and Prometheus reach the cache-monitor, on its internal port; it reaches the apps', () => {
    const policies = docs.filter((d) => d.kind === 'NetworkPolicy') as (NetworkPolicy & Manifest)[];
    const pods = podTemplates(docs);
    const pod = (name: string) => pods.find((p) => p.owner === `Deployment/${name}`)!;
    const applying = (type: 'Ingress' | 'Egress', labels: Record<string, string>) =>
      policies.filter((p) => p.spec!.policyTypes?.includes(type) && matches(p.spec!.podSelector, labels));
    const monitor = pod('cache-monitor');
    // In: the internal port (/metrics, /alarms, /dashboard) from any pod of the namespace and from Prometheus;
    // nothing to its public port (health only: kubelet probes come from the node, which policies do not block).
    expect(applying('Ingress', monitor.labels).flatMap((p) => p.spec!.ingress ?? [])).toEqual([
      {
        from: [
          { podSelector: {} },
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ protocol: 'TCP', port: 'internal' }],
      },
    ]);
    // Out: DNS, Redis (every pod: masters and replicas), Memcached where it caches, and every other app's
    // internal port, which lets the monitor in.
    const egress = applying('Egress', monitor.labels).flatMap((p) => p.spec!.egress ?? []);
    const memcached = docs.some((d) => d.kind === 'StatefulSet' && d.metadata?.name === MEMCACHED);
    const ports = egress.flatMap((rule) => (rule.ports ?? []).map((p) => p.port)).sort();
    expect(ports).toEqual([53, 53, 6379, 9001, 9002, 9003, 9004, ...(memcached ? [11211] : [])].sort());
    const redisLabels = find<StatefulSet>(docs, 'StatefulSet', 'redis').spec!.template.metadata!.labels!;
    expect(egress.some((r) => r.to?.some((peer) => samePodPeer(peer, redisLabels)))).toBe(true);
    for (const name of ['user-service', 'product-service', 'cache-warmer', 'assistant-service']) {
      const target = pod(name);
      const internal = containersOf(target.spec)[0]!.ports!.find((p) => p.name === 'internal')!.containerPort;
      const out = egress.filter((r) => r.to?.some((peer) => samePodPeer(peer, target.labels)));
      expect({ name, ports: out.flatMap((r) => r.ports ?? []).map((p) => p.port) }).toEqual({
        name,
        ports: [internal],
      });
      const admitted = applying('Ingress', target.labels)
        .flatMap((p) => p.spec!.ingress ?? [])
        .some(
          (rule) =>
            rule.from?.some((peer) => samePodPeer(peer, monitor.labels)) &&
            rule.ports?.some((p) => p.port === 'internal' || p.port === internal),
        );
      expect({ name, admitted }).toEqual({ name, admitted: true });
    }
  });
});

describe.each(Object.keys(OVERLAYS))('k8s/overlays/%s: the assistant-service', (overlay) => {
  const docs = rendered[overlay as keyof typeof OVERLAYS];
  const policies = docs.filter((d) => d.kind === 'NetworkPolicy') as (NetworkPolicy & Manifest)[];
  const pods = podTemplates(docs);
  const pod = (name: string) => pods.find((p) => p.owner === `Deployment/${name}`)!;
  const applying = (type: 'Ingress' | 'Egress', labels: Record<string, string>) =>
    policies.filter((p) => p.spec!.policyTypes?.includes(type) && matches(p.spec!.podSelector, labels));
  const assistant = pod('assistant-service');
  const PROMETHEUS = {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
  };

  it('lets anyone reach its API, and only the cache-monitor and Prometheus its internal port (operator routes)', () => {
    expect(applying('Ingress', assistant.labels).flatMap((p) => p.spec!.ingress ?? [])).toEqual([
      { ports: [{ protocol: 'TCP', port: 'http' }] },
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cache-monitor' } } }, PROMETHEUS],
        ports: [{ protocol: 'TCP', port: 'internal' }],
      },
    ]);
  });

  it("sends DNS, Redis, the product-service's API and HTTPS to the model provider only; no Memcached", () => {
    const egress = applying('Egress', assistant.labels).flatMap((p) => p.spec!.egress ?? []);
    const ports = egress.flatMap((rule) => (rule.ports ?? []).map((p) => p.port)).sort();
    expect(ports).toEqual([53, 53, 6379, 3002, 443].sort());
    const to = (port: number) => egress.filter((r) => r.ports?.some((p) => p.port === port));
    const redisLabels = find<StatefulSet>(docs, 'StatefulSet', 'redis').spec!.template.metadata!.labels!;
    expect(to(6379).every((r) => r.to?.every((peer) => samePodPeer(peer, redisLabels)))).toBe(true);
    const product = pod('product-service');
    expect(to(3002).every((r) => r.to?.every((peer) => samePodPeer(peer, product.labels)))).toBe(true);
    const productHttp = containersOf(product.spec)[0]!.ports!.find((p) => p.name === 'http')!.containerPort;
    expect(productHttp).toBe(3002);
    // The model provider: HTTPS anywhere, in one policy of its own (labelled, to narrow or delete on its own).
    const model = policies.filter((p) => p.metadata?.labels?.['fleetcache.io/egress'] === 'model-provider');
    expect(model.map((p) => p.metadata?.name)).toEqual(['assistant-service-model-egress']);
    expect(model[0]!.spec!.egress).toEqual([
      {
        to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }],
        ports: [{ protocol: 'TCP', port: 443 }],
      },
    ]);
    expect(to(443)).toEqual(model[0]!.spec!.egress);
    expect(assistant.labels['fleetcache.io/memcached-client']).toBeUndefined();
  });

  it('runs several replicas (none in the HPA), a PDB, and its own ServiceAccount without an API token', () => {
    const deployment = find<Deployment>(docs, 'Deployment', 'assistant-service');
    expect(deployment.spec?.replicas).toBe(overlay === 'prod' ? 3 : 1);
    expect(find(docs, 'PodDisruptionBudget', 'assistant-service')).toMatchObject({
      spec: { maxUnavailable: 1 },
    });
    const spec = deployment.spec!.template.spec!;
    expect(spec.serviceAccountName).toBe('assistant-service');
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(
      find<ServiceAccount>(docs, 'ServiceAccount', 'assistant-service').automountServiceAccountToken,
    ).toBe(false);
    // No other workload uses a ServiceAccount of its own.
    expect(pods.filter((p) => p.spec.serviceAccountName).map((p) => p.owner)).toEqual([
      'Deployment/assistant-service',
    ]);
    // A model call may take ASSISTANT_MODEL_TIMEOUT_MS (30 s): the grace period lets the ones under way finish.
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(40);
  });
});

/** A memory quantity (Ki, Mi, Gi, or plain bytes) in MiB. */
function mebibytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  const bytes = Number(match[1]) * { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, '': 1 }[match[2] ?? '']!;
  return bytes / 1024 ** 2;
}

describe('k8s/components/memcached (on in k8s/overlays/dev-memcached)', () => {
  const docs = rendered['dev-memcached'];

  it('is off in dev and prod, which offer it commented out', () => {
    for (const overlay of ['dev', 'prod'] as const) {
      expect(rendered[overlay].filter((d) => JSON.stringify(d).includes('memcached'))).toEqual([]);
      const text = readFileSync(join(ROOT, `k8s/overlays/${overlay}/kustomization.yaml`), 'utf8');
      expect(text).toMatch(/^# {3}- \.\.\/\.\.\/components\/memcached$/m);
    }
    expect(readFileSync(join(ROOT, 'k8s/overlays/dev-memcached/kustomization.yaml'), 'utf8')).toMatch(
      /^components:\n {2}- \.\.\/\.\.\/components\/memcached$/m,
    );
  });

  it('runs 3 Memcached pods with stable names, TCP only, spread, probed on their port, with a PDB', () => {
    const memcached = find<StatefulSet>(docs, 'StatefulSet', MEMCACHED);
    expect(memcached.spec?.replicas).toBe(3);
    expect(memcached.spec?.volumeClaimTemplates).toBeUndefined();
    const pod = memcached.spec!.template.spec!;
    expect(pod.affinity?.podAntiAffinity).toBeDefined();
    expect(pod.topologySpreadConstraints?.[0]?.topologyKey).toBe('topology.kubernetes.io/zone');
    expect(pod.securityContext?.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    const container = pod.containers[0]!;
    expect(container.ports).toEqual([{ name: 'client', containerPort: 11211 }]);
    expect(container.command).toEqual(['memcached']);
    const args = container.args!.join(' ');
    expect(args).toContain('-p 11211');
    expect(args).toContain('-U 0');
    expect(container.readinessProbe?.tcpSocket?.port).toBe('client');
    expect(container.livenessProbe?.tcpSocket?.port).toBe('client');
    const headless = find<Service>(docs, 'Service', memcached.spec!.serviceName!);
    expect(headless.spec?.clusterIP).toBe('None');
    expect(headless.spec?.selector).toEqual(memcached.spec?.selector?.matchLabels);
    expect(headless.spec?.ports).toEqual([{ name: 'client', port: 11211, targetPort: 'client' }]);
    // No Service with one address in front of the nodes: the apps must reach each key's own node.
    const fronting = docs.filter(
      (d) =>
        d.kind === 'Service' &&
        (d as Service).spec?.clusterIP !== 'None' &&
        (d as Service).spec?.selector?.['app.kubernetes.io/name'] === 'memcached',
    );
    expect(fronting).toEqual([]);
    expect(find(docs, 'PodDisruptionBudget', MEMCACHED)).toMatchObject({
      spec: { maxUnavailable: 1, selector: memcached.spec?.selector },
    });
  });

  // The component at its own sizes (on the base alone) and as dev-memcached resizes it.
  const renderings = {
    'k8s/overlays/dev-memcached': docs,
    'fixtures/memcached-overlay': kustomize('tools/deploy-check/fixtures/memcached-overlay'),
  };

  it('renders at its own sizes too (fixtures/memcached-overlay: the base and the component), schema-valid', () => {
    const own = renderings['fixtures/memcached-overlay'];
    expect(own.flatMap((doc) => schema.problems(doc))).toEqual([]);
    expect(find<StatefulSet>(own, 'StatefulSet', MEMCACHED).spec?.replicas).toBe(3);
  });

  it.each(Object.entries(renderings))(
    '%s: memcached -m stays below the memory limit (room for connections and the hash table)',
    (_, rendering) => {
      const container = find<StatefulSet>(rendering, 'StatefulSet', MEMCACHED).spec!.template.spec!
        .containers[0]!;
      const env = containerEnv(rendering, container);
      const args = (container.args ?? []).map((arg) =>
        arg.replace(/\$\((\w+)\)/g, (_, name: string) => env.get(name) ?? `<${name} unset>`),
      );
      const itemsMb = Number(args[args.indexOf('-m') + 1]);
      const limitMb = mebibytes(String(container.resources?.limits?.['memory']));
      expect(itemsMb).toBeGreaterThanOrEqual(64);
      expect(itemsMb).toBeLessThanOrEqual(0.8 * limitMb);
      expect(container.resources?.requests?.['memory']).toBe(container.resources?.limits?.['memory']);
    },
  );

  it('lets only the services, the warmer and the monitor reach port 11211; Memcached sends nothing (DNS aside)', () => {
    const policy = (name: string) => find<NetworkPolicy>(docs, 'NetworkPolicy', name).spec!;
    const server = policy('memcached');
    expect(server.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'memcached' } });
    expect(server.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(server.egress).toBeUndefined();
    expect(server.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { 'fleetcache.io/memcached-client': 'true' } } }],
        ports: [{ protocol: 'TCP', port: 11211 }],
      },
    ]);
    expect(policy('memcached-clients')).toEqual({
      podSelector: { matchLabels: { 'fleetcache.io/memcached-client': 'true' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'memcached' } } }],
          ports: [{ protocol: 'TCP', port: 11211 }],
        },
      ],
    });
    const clients = podTemplates(docs).filter((pod) =>
      selects({ 'fleetcache.io/memcached-client': 'true' }, pod.labels),
    );
    expect(clients.map((pod) => pod.owner).sort()).toEqual(MEMCACHED_CLIENTS);
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
