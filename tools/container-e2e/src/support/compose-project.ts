import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { join } from 'node:path';
import { sumMetric } from '@fleetcache/platform/testing';
import { STATE, docker, script } from './containers';

/** The compose project of the container tests (scripts/containers/compose.sh). */
export const PROJECT = 'fleetcache-e2e';
/** The app images' tag in the tests (scripts/containers/app-images.sh). */
export const APP_TAG = 'e2e';
/** The first two octets of the project's network (compose.sh's NETWORK_PREFIX). */
export const NETWORK_PREFIX = '172.29.';

/** The container of a compose service (compose v1 names it project_service_1). */
export const container = (service: string) => `${PROJECT}_${service}_1`;
export const inContainer = (service: string, ...command: string[]) =>
  docker('exec', container(service), ...command);

/** GET of an app's own port from inside its container (the internal ports are not published): "status body". */
export const fetchInside = (service: string, url: string) =>
  inContainer(
    service,
    'node',
    '-e',
    `fetch('${url}').then(async (r) => console.log(r.status, await r.text()))`,
  );

/** Sums a metric of the warmer's /metrics (its internal port, read inside its container) over matching labels. */
export function warmerCounter(name: string, labels: Record<string, string>): number {
  return sumMetric(fetchInside('cache-warmer', 'http://127.0.0.1:9003/metrics'), name, labels);
}

/** The ids of every container of the project, one-shot ones included. */
export const projectContainers = () =>
  docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`).split('\n').filter(Boolean);

/** Runs SQL as root in the database container (the password stays in the container's environment). */
export function sqlAsRoot(sql: string): string {
  return inContainer(
    'mysql',
    'sh',
    '-c',
    'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" exec mariadb -N -uroot fleetcache -e "$0"',
    sql,
  );
}

/** A value of the env file compose.sh wrote for this run. */
export function composeSetting(name: string): string {
  const line = readFileSync(join(STATE, 'compose.env'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`${name} is not in tmp/containers/compose.env`);
  return line.slice(name.length + 1);
}

/** Every iptables rule of the filter and nat tables (Docker's port publishing and network isolation live there). */
export function iptablesRules(): string {
  return ['filter', 'nat']
    .map((table) => execFileSync('iptables-save', ['-t', table], { encoding: 'utf8' }))
    .join('\n');
}

/**
 * The certificates of the CA bundle in NODE_EXTRA_CA_CERTS that Node does not ship (a TLS-intercepting proxy's CA,
 * which the image builds get as a secret), each as one line of its PEM body: what would be found in a layer that
 * kept a copy.
 */
export function extraCaLines(): string[] {
  const bundle = process.env.NODE_EXTRA_CA_CERTS;
  if (!bundle || !existsSync(bundle)) return [];
  const pems =
    readFileSync(bundle, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const shipped = new Set(rootCertificates.map((pem) => pem.replace(/\s+/g, '')));
  return pems
    .filter((pem) => !shipped.has(pem.replace(/\s+/g, '')))
    .map((pem) => (pem.split('\n')[2] ?? '').trim())
    .filter((line) => line.length > 0);
}

/** How many lines of the files in the layers of `image` contain one of `patterns` (fixed strings). */
export function countInImageLayers(image: string, patterns: string[]): number {
  const file = join(STATE, 'layer-patterns');
  writeFileSync(file, patterns.join('\n'));
  return Number(script('count-in-layers.sh', [image, file], {}, 180_000).trim());
}
