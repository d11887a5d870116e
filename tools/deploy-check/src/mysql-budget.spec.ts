// MySQL's sizes as rendered for each environment: the apps' connection pools at full scale must fit under
// max_connections with headroom to spare, and the InnoDB buffer pool must fit the container's memory limit.
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { ConfigMap } from 'kubernetes-types/core/v1';
import { APPS } from './app-contract';
import { find, kustomize, type Manifest } from './manifest';
import {
  budgetProblems,
  demand,
  headroom,
  MYSQL_CLIENT_LABEL,
  MYSQL_CONF_DIR,
  mysqlClients,
  mysqldOptions,
  mysqlNumber,
  mysqlServer,
  quantity,
} from './mysql-budget';
import { containerEnv, containersOf, podTemplates } from './pods';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const RENDERS = { base: 'k8s/base', dev: 'k8s/overlays/dev', prod: 'k8s/overlays/prod' } as const;
const rendered = Object.fromEntries(
  Object.entries(RENDERS).map(([name, dir]) => [name, kustomize(dir)]),
) as Record<keyof typeof RENDERS, Manifest[]>;

describe.each(Object.keys(RENDERS))('MySQL of %s', (name) => {
  const docs = rendered[name as keyof typeof RENDERS];

  it('sets max_connections and innodb_buffer_pool_size in an option file mounted read-only into conf.d', () => {
    const mysql = find<StatefulSet>(docs, 'StatefulSet', 'mysql').spec!.template.spec!.containers[0]!;
    expect(mysql.volumeMounts?.find((m) => m.mountPath === MYSQL_CONF_DIR)?.readOnly).toBe(true);
    const server = mysqlServer(docs);
    expect(server.maxConnections).toBeGreaterThan(headroom(server.maxConnections));
    expect(server.bufferPoolBytes).toBeGreaterThan(0);
  });

  it('sizes the InnoDB buffer pool to 50-70% of the memory limit, in a size InnoDB does not round up', () => {
    const { bufferPoolBytes, memoryLimitBytes } = mysqlServer(docs);
    expect(bufferPoolBytes / memoryLimitBytes).toBeGreaterThanOrEqual(0.5);
    expect(bufferPoolBytes / memoryLimitBytes).toBeLessThanOrEqual(0.7);
    // InnoDB rounds the pool up to chunk size (128 MiB) x instances (up to 8 once the pool reaches 1 GiB).
    expect(bufferPoolBytes % (bufferPoolBytes >= GiB ? GiB : 128 * MiB)).toBe(0);
  });

  it('counts as MySQL clients the APIs, the migrations Job and the backup, and every pod given DB settings', () => {
    expect(
      mysqlClients(docs)
        .map((c) => c.owner)
        .sort(),
    ).toEqual([
      'CronJob/mysql-backup',
      'Deployment/product-service',
      'Deployment/user-service',
      'Job/fleetcache-migrate',
    ]);
    // The warmer holds no database settings; a pod that does must be a labelled client (or it is not counted).
    const withDbSettings = podTemplates(docs).filter((pod) =>
      containersOf(pod.spec).some((c) => containerEnv(docs, c).has('DB_HOST')),
    );
    expect(withDbSettings.filter((pod) => pod.labels[MYSQL_CLIENT_LABEL] !== 'true')).toEqual([]);
    expect(APPS.filter((a) => a.usesDatabase).map((a) => a.name)).toEqual([
      'user-service',
      'product-service',
    ]);
  });

  it('fits every pool at full scale (HPA maxReplicas + surge) under max_connections minus the headroom', () => {
    expect(budgetProblems(docs)).toEqual([]);
  });
});

describe.each(Object.keys(RENDERS))('the MySQL connection budget of %s (the check is live)', (name) => {
  const docs = rendered[name as keyof typeof RENDERS];
  const { maxConnections } = mysqlServer(docs);
  const margin = maxConnections - headroom(maxConnections) - demand(mysqlClients(docs));
  const pool = Number(dbConfig(docs).data!['DB_POOL_SIZE']);
  /** budgetProblems of a copy of the documents after `change`. */
  const problemsAfter = (change: (copy: Manifest[]) => void) => {
    const copy = structuredClone(docs);
    change(copy);
    return budgetProblems(copy);
  };

  it('fails once an API may scale one pod past what max_connections holds', () => {
    const raise = (extra: number) => (copy: Manifest[]) => {
      find<HorizontalPodAutoscaler>(copy, 'HorizontalPodAutoscaler', 'user-service').spec!.maxReplicas +=
        extra;
    };
    const fits = Math.floor(margin / pool);
    expect(problemsAfter(raise(fits))).toEqual([]);
    expect(problemsAfter(raise(fits + 1))).toEqual([expect.stringContaining('more than max_connections')]);
  });

  it('fails once DB_POOL_SIZE grows past what max_connections holds', () => {
    const pooledPods = mysqlClients(docs)
      .filter((c) => c.perPod === pool)
      .reduce((sum, c) => sum + c.pods, 0);
    const resize = (extra: number) => (copy: Manifest[]) => {
      dbConfig(copy).data!['DB_POOL_SIZE'] = String(pool + extra);
    };
    const fits = Math.floor(margin / pooledPods);
    expect(problemsAfter(resize(fits))).toEqual([]);
    expect(problemsAfter(resize(fits + 1))).toEqual([expect.stringContaining('shrink DB_POOL_SIZE')]);
  });

  it('counts HPA maxReplicas plus the surge pod, Job steps one at a time, one connection for mysqldump', () => {
    const hpaMax = find<HorizontalPodAutoscaler>(docs, 'HorizontalPodAutoscaler', 'user-service').spec!
      .maxReplicas;
    const byOwner = Object.fromEntries(mysqlClients(docs).map((c) => [c.owner, c]));
    expect(byOwner['Deployment/user-service']).toMatchObject({ pods: hpaMax + 1, perPod: pool });
    expect(byOwner['Deployment/product-service']).toMatchObject({ pods: hpaMax + 1, perPod: pool });
    expect(byOwner['Job/fleetcache-migrate']).toMatchObject({ pods: 1, perPod: pool });
    expect(byOwner['CronJob/mysql-backup']).toMatchObject({ pods: 1, perPod: 1 });
  });
});

describe('MySQL budget helpers', () => {
  it('keep at least 20 connections, or 10%, free for probes, operators and draining pods', () => {
    expect([headroom(150), headroom(300), headroom(500)]).toEqual([20, 30, 50]);
  });

  it('read option files and sizes as mysqld and Kubernetes do', () => {
    const options = mysqldOptions(
      '[client]\nmax_connections = 1\n[mysqld]\nmax-connections = 300 # comment\n!includedir /x\n' +
        'innodb_buffer_pool_size=5G\n',
    );
    expect(Object.fromEntries(options)).toEqual({ max_connections: '300', innodb_buffer_pool_size: '5G' });
    expect([mysqlNumber('5G'), mysqlNumber('512M'), mysqlNumber('300')]).toEqual([5 * GiB, 512 * MiB, 300]);
    expect([quantity('8Gi'), quantity('512Mi'), quantity('2G')]).toEqual([8 * GiB, 512 * MiB, 2e9]);
  });
});

/** The rendered fleetcache-db ConfigMap (its name carries a hash suffix). */
function dbConfig(docs: Manifest[]): ConfigMap {
  const map = docs.find((d) => d.kind === 'ConfigMap' && d.metadata?.name?.startsWith('fleetcache-db-'));
  if (!map) throw new Error('ConfigMap fleetcache-db is not rendered');
  return map as ConfigMap;
}
