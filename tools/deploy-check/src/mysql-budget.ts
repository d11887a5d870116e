// MySQL's connection budget: what the rendered manifests let MySQL's clients open at their largest scale, against
// the server's max_connections, and the server's own sizes (from the my.cnf the StatefulSet mounts).
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ConfigMap, Container, PodSpec } from 'kubernetes-types/core/v1';
import { DbEnv } from '@fleetcache/db';
import { APPS } from './app-contract';
import { describe, find, type Manifest } from './manifest';
import { containerEnv, podTemplates } from './pods';

/** The label the `mysql` NetworkPolicy admits: only pods carrying it can open a MySQL connection. */
export const MYSQL_CLIENT_LABEL = 'fleetcache.io/mysql-client';

/** Where the mysql image reads extra option files (its /etc/my.cnf ends with `!includedir /etc/mysql/conf.d/`). */
export const MYSQL_CONF_DIR = '/etc/mysql/conf.d';

/**
 * Connections the apps' pools must leave free under max_connections: root sessions of the MySQL probes (every few
 * seconds), an operator's shell, an ad-hoc dump or migration, and the pools of pods still draining after a
 * rollout replaced them. 10% of max_connections, and never fewer than 20.
 */
export const HEADROOM_FRACTION = 0.1;
export const MIN_HEADROOM = 20;

/** The connections left free for the headroom out of `maxConnections`. */
export function headroom(maxConnections: number): number {
  return Math.max(MIN_HEADROOM, Math.ceil(maxConnections * HEADROOM_FRACTION));
}

/** One workload that connects to MySQL, at its largest. */
export interface MysqlClient {
  owner: string;
  /** Most pods it can run at once (HPA maxReplicas or replicas, plus a rollout's surge). */
  pods: number;
  /** Most connections one pod opens (its pools; one for a tool such as mysqldump). */
  perPod: number;
}

/** Every workload whose pods may connect to MySQL (those labelled as its clients). */
export function mysqlClients(docs: Manifest[]): MysqlClient[] {
  return docs.flatMap((doc) => {
    const pods = podTemplates([doc])[0];
    if (pods?.labels[MYSQL_CLIENT_LABEL] !== 'true') return [];
    return [{ owner: pods.owner, pods: maxPods(docs, doc), perPod: perPod(docs, pods.spec) }];
  });
}

/** Connections all clients may hold at once. */
export function demand(clients: MysqlClient[]): number {
  return clients.reduce((sum, c) => sum + c.pods * c.perPod, 0);
}

/** Most pods of a workload alive at once, not counting pods already terminating. */
export function maxPods(docs: Manifest[], doc: Manifest): number {
  switch (doc.kind) {
    case 'Deployment': {
      const deployment = doc as Deployment;
      const hpa = docs.find(
        (d) =>
          d.kind === 'HorizontalPodAutoscaler' &&
          (d as HorizontalPodAutoscaler).spec?.scaleTargetRef.kind === 'Deployment' &&
          (d as HorizontalPodAutoscaler).spec?.scaleTargetRef.name === doc.metadata?.name,
      ) as HorizontalPodAutoscaler | undefined;
      const replicas = hpa ? hpa.spec!.maxReplicas : (deployment.spec?.replicas ?? 1);
      return replicas + surge(deployment, replicas);
    }
    case 'StatefulSet':
      return (doc as StatefulSet).spec?.replicas ?? 1;
    case 'Job':
      return (doc as Job).spec?.parallelism ?? 1;
    case 'CronJob': {
      const cron = doc as CronJob;
      // "Allow" (the default) lets a late run overlap the next one: no bound.
      if ((cron.spec?.concurrencyPolicy ?? 'Allow') === 'Allow')
        throw new Error(`${describe(doc)}: concurrencyPolicy Allow leaves its MySQL connections unbounded`);
      return cron.spec?.jobTemplate.spec?.parallelism ?? 1;
    }
    default:
      throw new Error(`${describe(doc)}: no replica rule for a ${doc.kind}`);
  }
}

/** Extra pods a rolling update may start above `replicas` (maxSurge, 25% by default, rounded up). */
function surge(deployment: Deployment, replicas: number): number {
  const strategy = deployment.spec?.strategy;
  if (strategy?.type === 'Recreate') return 0;
  const maxSurge = strategy?.rollingUpdate?.maxSurge ?? '25%';
  if (typeof maxSurge === 'number') return maxSurge;
  return Math.ceil((replicas * Number.parseFloat(maxSurge)) / 100);
}

/** Most connections one pod opens: init containers one at a time, then the containers (and sidecars) together. */
function perPod(docs: Manifest[], spec: PodSpec): number {
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const steps = (spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always');
  const running = [...sidecars, ...spec.containers].reduce((sum, c) => sum + connections(docs, c), 0);
  return Math.max(running, ...steps.map((c) => connections(docs, c)));
}

/** An app image's pool (DB_POOL_SIZE, or its default); one connection for anything else (mysqldump). */
function connections(docs: Manifest[], container: Container): number {
  const image = container.image?.split('@')[0]?.split(':')[0]?.split('/').pop();
  const app = APPS.find((a) => a.name === image);
  if (!app) return 1;
  if (!app.usesDatabase) return 0;
  const configured = containerEnv(docs, container).get('DB_POOL_SIZE');
  return configured === undefined ? new DbEnv().DB_POOL_SIZE : Number(configured);
}

/** MySQL's server settings as rendered: the [mysqld] options of the option files mounted into its conf.d. */
export interface MysqlServer {
  maxConnections: number;
  bufferPoolBytes: number;
  memoryLimitBytes: number;
}

export function mysqlServer(docs: Manifest[]): MysqlServer {
  const pod = find<StatefulSet>(docs, 'StatefulSet', 'mysql').spec!.template.spec!;
  const container = pod.containers.find((c) => c.name === 'mysql')!;
  const mount = container.volumeMounts?.find((m) => m.mountPath === MYSQL_CONF_DIR);
  const volume = pod.volumes?.find((v) => v.name === mount?.name);
  if (!volume?.configMap?.name) throw new Error(`no ConfigMap is mounted at ${MYSQL_CONF_DIR}`);
  const map = find<ConfigMap>(docs, 'ConfigMap', volume.configMap.name);
  const files = Object.entries(map.data ?? {}).filter(([key]) => key.endsWith('.cnf'));
  const options = new Map(files.flatMap(([, text]) => [...mysqldOptions(text)]));
  // Options on mysqld's command line win over the option files.
  for (const arg of [...(container.command ?? []), ...(container.args ?? [])]) {
    const option = /^--([\w-]+)=(.*)$/.exec(arg);
    if (option) options.set(option[1]!.replace(/-/g, '_'), option[2]!);
  }
  const need = (name: string) => {
    const value = options.get(name);
    if (value === undefined) throw new Error(`${name} is not set in ${volume.configMap!.name}`);
    return value;
  };
  return {
    maxConnections: mysqlNumber(need('max_connections')),
    bufferPoolBytes: mysqlNumber(need('innodb_buffer_pool_size')),
    memoryLimitBytes: quantity(String(container.resources?.limits?.['memory'] ?? '')),
  };
}

/** The options of an option file's [mysqld] (and [server]) groups; dashes and underscores are the same to mysqld. */
export function mysqldOptions(text: string): Map<string, string> {
  const options = new Map<string, string>();
  let group = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s[#;].*$/, '').trim();
    if (!line || /^[#;!]/.test(line)) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) group = header[1]!.trim();
    else if (group === 'mysqld' || group === 'server') {
      const [name, ...value] = line.split('=');
      options.set(name!.trim().replace(/-/g, '_'), value.join('=').trim());
    }
  }
  return options;
}

/** A mysqld number: an integer with an optional K, M, G or T suffix (powers of 1024). */
export function mysqlNumber(value: string): number {
  const match = /^(\d+)([KMGT]?)$/i.exec(value);
  if (!match) throw new Error(`not a mysqld number: "${value}"`);
  return Number(match[1]) * 1024 ** ' KMGT'.indexOf((match[2] || ' ').toUpperCase());
}

/** A Kubernetes memory quantity (Ki, Mi, Gi, Ti or k, M, G, T, or bytes) in bytes. */
export function quantity(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value);
  if (!match) throw new Error(`not a memory quantity: "${value}"`);
  const unit = match[2] ?? '';
  const factor = unit.endsWith('i')
    ? 1024 ** (['Ki', 'Mi', 'Gi', 'Ti'].indexOf(unit) + 1)
    : 1000 ** ['', 'k', 'M', 'G', 'T'].indexOf(unit);
  return Number(match[1]) * factor;
}

/** Why the clients at full scale do not fit under max_connections minus the headroom (none when they fit). */
export function budgetProblems(docs: Manifest[]): string[] {
  const { maxConnections } = mysqlServer(docs);
  const clients = mysqlClients(docs);
  const available = maxConnections - headroom(maxConnections);
  const used = demand(clients);
  if (used <= available) return [];
  const parts = clients.map((c) => `${c.owner} ${c.pods} x ${c.perPod}`).join(' + ');
  return [
    `MySQL clients at full scale may open ${used} connections (${parts}), more than max_connections ` +
      `${maxConnections} minus ${headroom(maxConnections)} of headroom = ${available}: raise max_connections ` +
      `(and its memory) or shrink DB_POOL_SIZE / maxReplicas`,
  ];
}
