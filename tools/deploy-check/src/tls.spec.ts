// TLS to MySQL and Redis in Kubernetes (k8s/components/tls), rendered as an overlay that turns it on would render
// it (fixtures/tls-overlay): valid manifests, the apps' TLS settings pointing at the CA they really mount, and the
// servers serving TLS only. The apps' side is tested against real TLS servers by
// apps/user-service/test/users.tls.int-spec.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type { ConfigMap, Container, PodSpec } from 'kubernetes-types/core/v1';
import { APPS, SHARED_CONFIG_MAP, unreadEnv, type AppContract } from './app-contract';
import { KubernetesSchema } from './kubernetes-schema';
import { find, kustomize, ROOT, type Manifest } from './manifest';
import { containerEnv } from './pods';

const docs = kustomize('tools/deploy-check/fixtures/tls-overlay');


/** The Secret key mounted at `path` in `container` (a file of a Secret volume), if any. */
function mountedSecretKey(pod: PodSpec, container: Container, path: string): string | undefined {
  for (const mount of container.volumeMounts ?? []) {
    if (!path.startsWith(`${mount.mountPath}/`)) continue;
    const secret = pod.volumes?.find((v) => v.name === mount.name)?.secret;
    if (secret?.secretName !== 'fleetcache-tls') return undefined;
    const file = path.slice(mount.mountPath.length + 1);
    const item = secret.items?.find((i) => i.path === file);
    return item ? item.key : secret.items ? undefined : file;
  }
  return undefined;
}

/** The names of the shared ConfigMap (fleetcache-common), which an app may be handed when another app reads them. */
function sharedNames(): string[] {
  return Object.keys(configMap(`${SHARED_CONFIG_MAP}-`));
}

function configMap(prefix: string): Record<string, string> {
  return (
    docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name?.startsWith(prefix)) as ConfigMap | undefined
  )?.data as Record<string, string>;
}

describe('k8s/components/tls (in fixtures/tls-overlay)', () => {
  it('renders manifests that pass the strict Kubernetes API schema', () => {
    const schema = KubernetesSchema.generate();
    expect(docs.flatMap((doc: Manifest) => schema.problems(doc))).toEqual([]);
  });

  it('is offered, commented out, by the dev and prod overlays', () => {
    for (const overlay of ['dev', 'prod']) {
      const text = readFileSync(join(ROOT, `k8s/overlays/${overlay}/kustomization.yaml`), 'utf8');
      expect(text).toMatch(/^# {3}- \.\.\/\.\.\/components\/tls$/m);
    }
  });

  const tlsOn = (name: string, contract: AppContract) => {
    const pod = find<Deployment>(docs, 'Deployment', name).spec!.template.spec!;
    const container = pod.containers[0]!;
    const env = containerEnv(docs, container);
    expect(unreadEnv(contract, env.keys(), sharedNames())).toEqual([]);
    const expected = contract.usesDatabase
      ? ['DB_TLS', 'DB_TLS_CA', 'REDIS_TLS', 'REDIS_TLS_CA']
      : ['REDIS_TLS', 'REDIS_TLS_CA'];
    expect([...env.keys()].filter((n) => /_TLS/.test(n) && n !== 'REDIS_TLS_SERVERNAME').sort()).toEqual(
      expected,
    );
    // One name for every Redis node: the cluster client reaches nodes by announced IPs too.
    expect(env.get('REDIS_TLS_SERVERNAME')).toBe('redis-headless');
    for (const variable of expected) {
      if (variable.endsWith('_TLS')) expect(env.get(variable)).toBe('true');
      else expect(mountedSecretKey(pod, container, env.get(variable)!)).toBe('ca.crt');
    }
  };
  it.each(APPS.map((a) => [a.name, a] as const))(
    '%s: TLS on, trusting the CA it mounts from fleetcache-tls, with names the app reads',
    tlsOn,
  );

  it('runs the migrations over TLS with the same CA', () => {
    const pod = find<Job>(docs, 'Job', 'fleetcache-migrate').spec!.template.spec!;
    for (const step of [...(pod.initContainers ?? []), ...pod.containers]) {
      const env = containerEnv(docs, step);
      expect(env.get('DB_TLS')).toBe('true');
      expect(mountedSecretKey(pod, step, env.get('DB_TLS_CA')!)).toBe('ca.crt');
    }
  });

  it('has MySQL serve TLS with the certificate, key and CA of fleetcache-tls', () => {
    const pod = find<StatefulSet>(docs, 'StatefulSet', 'mysql').spec!.template.spec!;
    const tlsCnf = configMap('mysql-config')['tls.cnf']!;
    expect(tlsCnf).toMatch(/^\[mysqld\]$/m);
    const files = Object.fromEntries([...tlsCnf.matchAll(/^(ssl_\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(files).sort()).toEqual(['ssl_ca', 'ssl_cert', 'ssl_key']);
    expect(Object.values(files).map((path) => mountedSecretKey(pod, pod.containers[0]!, path!))).toEqual([
      'ca.crt',
      'tls.crt',
      'tls.key',
    ]);
  });

  it('has Redis serve TLS only (clients, replication, cluster bus), its probes and cluster creation speak TLS', () => {
    const pod = find<StatefulSet>(docs, 'StatefulSet', 'redis').spec!.template.spec!;
    const redis = pod.containers[0]!;
    expect(containerEnv(docs, redis).get('REDIS_TLS')).toBe('true');
    const scripts = configMap('redis-config');
    for (const line of ['port 0', 'tls-port 6379', 'tls-cluster yes', 'tls-replication yes'])
      expect(scripts['start.sh']).toContain(`\n${line}\n`);
    for (const [setting, key] of [
      ['tls-cert-file', 'tls.crt'],
      ['tls-key-file', 'tls.key'],
      ['tls-ca-cert-file', 'ca.crt'],
    ] as const) {
      const path = new RegExp(`^${setting} (\\S+)$`, 'm').exec(scripts['start.sh']!)![1]!;
      expect(mountedSecretKey(pod, redis, path)).toBe(key);
    }
    expect(scripts['probe.sh']).toMatch(/REDIS_TLS.*--tls --cacert \/etc\/redis-tls\/ca\.crt/);
    const create = find<Job>(docs, 'Job', 'redis-cluster-create').spec!.template.spec!;
    expect(containerEnv(docs, create.containers[0]!).get('REDIS_TLS')).toBe('true');
    expect(mountedSecretKey(create, create.containers[0]!, '/etc/redis-tls/ca.crt')).toBe('ca.crt');
    expect(scripts['cluster-create.sh']).toMatch(/--tls --cacert \/etc\/redis-tls\/ca\.crt/);
  });
});
