import { join } from 'node:path';
import { ROOT, baseImages, docker, dockerStatus, until } from './support/containers';

/**
 * The Kubernetes Redis scripts (k8s/base/redis: start.sh, cluster-create.sh, probe.sh) in containers named and
 * addressed as the StatefulSet's pods are: redis-<i>.redis-headless.<namespace>.svc.cluster.local on a network of
 * this test's own, POD_IP set, uid 999, read-only root filesystem, /run/redis in memory, /data on a volume.
 */
const NAMESPACE = 'fleetcache';
const SIZE = 6;
const NETWORK = 'fleetcache-e2e-k8s';
const SUBNET = '172.31.250.0/24';
const ADMIN_PASSWORD = 'e2e-admin-password-0123456789abcdef';
const pod = (i: number) => `fleetcache-e2e-redis-${i}`;
const JOB = 'fleetcache-e2e-redis-cluster-create';
const volume = (i: number) => `fleetcache-e2e-redis-data-${i}`;
const fqdn = (i: number) => `redis-${i}.redis-headless.${NAMESPACE}.svc.cluster.local`;
const ip = (i: number, generation: number) => `172.31.250.${10 + generation * 20 + i}`;
const probe = (i: number, kind: 'live' | 'ready') =>
  dockerStatus('exec', pod(i), 'sh', '/etc/redis/probe.sh', kind) === 0;
const cli = (i: number, ...args: string[]) =>
  docker('exec', pod(i), 'redis-cli', '--user', 'admin', '-h', '127.0.0.1', ...args);

describe('k8s/base/redis scripts in containers addressed as the StatefulSet pods', () => {
  const { REDIS_IMAGE } = baseImages();
  const common = [
    '--network',
    NETWORK,
    '--user',
    '999:999',
    '--read-only',
    '-v',
    `${join(ROOT, 'k8s', 'base', 'redis')}:/etc/redis:ro`,
    '-e',
    `POD_NAMESPACE=${NAMESPACE}`,
    '-e',
    `REDIS_CLUSTER_SIZE=${SIZE}`,
    '-e',
    `REDIS_ADMIN_PASSWORD=${ADMIN_PASSWORD}`,
    '-e',
    `REDISCLI_AUTH=${ADMIN_PASSWORD}`,
  ];

  /** Starts pod i (as the StatefulSet would after a reschedule: same volume, maybe a new IP). */
  const startPod = (i: number, generation: number) =>
    docker(
      'run',
      '-d',
      '--name',
      pod(i),
      '--hostname',
      `redis-${i}`,
      ...common,
      '--ip',
      ip(i, generation),
      '--network-alias',
      fqdn(i),
      '--network-alias',
      `redis-headless.${NAMESPACE}.svc.cluster.local`,
      '--tmpfs',
      '/run/redis:uid=999,gid=999,mode=0700,size=1m',
      '-v',
      `${volume(i)}:/data:nocopy`,
      '-e',
      `POD_NAME=redis-${i}`,
      '-e',
      `POD_IP=${ip(i, generation)}`,
      '-e',
      'REDIS_MAXMEMORY=64mb',
      '-e',
      'REDIS_SERVICE_USERNAME=fleetcache-service',
      '-e',
      'REDIS_SERVICE_PASSWORD=e2e-service-password',
      '-e',
      'REDIS_WARMER_USERNAME=fleetcache-warmer',
      '-e',
      'REDIS_WARMER_PASSWORD=e2e-warmer-password',
      '-e',
      'REDIS_MONITOR_USERNAME=fleetcache-monitor',
      '-e',
      'REDIS_MONITOR_PASSWORD=e2e-monitor-password',
      '-e',
      'REDIS_ACL_PREFIXES=fc',
      '--entrypoint',
      '/bin/sh',
      REDIS_IMAGE,
      '/etc/redis/start.sh',
    );
  /** The cluster-create Job's container: runs to the end (or the docker call's time limit), returns its output. */
  const runClusterCreateJob = () => {
    dockerStatus('rm', '-f', JOB);
    return docker(
      'run',
      '--rm',
      '--name',
      JOB,
      ...common,
      '--entrypoint',
      '/bin/sh',
      REDIS_IMAGE,
      '/etc/redis/cluster-create.sh',
    );
  };
  const allReady = () => Array.from({ length: SIZE }, (_, i) => probe(i, 'ready')).every(Boolean);

  const removeAll = () => {
    dockerStatus('rm', '-f', JOB);
    for (let i = 0; i < SIZE; i++) dockerStatus('rm', '-f', pod(i));
    for (let i = 0; i < SIZE; i++) dockerStatus('volume', 'rm', volume(i));
    dockerStatus('network', 'rm', NETWORK);
  };

  beforeAll(() => {
    removeAll();
    docker('network', 'create', '--subnet', SUBNET, NETWORK);
    for (let i = 0; i < SIZE; i++) {
      // What fsGroup 999 does for the pod: the data volume is writable by uid 999. (nocopy: an empty volume
      // mounted where the image has a /data of its own would take that directory's owner at every mount.)
      docker(
        'run',
        '--rm',
        '-v',
        `${volume(i)}:/data:nocopy`,
        '--entrypoint',
        'chown',
        REDIS_IMAGE,
        '999:999',
        '/data',
      );
      startPod(i, 0);
    }
  }, 120_000);

  afterAll(removeAll, 60_000);

  it('each pod is live before the cluster exists, and not ready', async () => {
    await until(
      'every pod live',
      () => Array.from({ length: SIZE }, (_, i) => probe(i, 'live')).every(Boolean),
      30_000,
    );
    expect(probe(0, 'ready')).toBe(false);
  });

  it('the cluster-create Job makes 3 masters with a replica each; every pod becomes ready', async () => {
    expect(runClusterCreateJob()).toContain('cluster created');
    await until('every pod ready', allReady, 60_000);
    const nodes = cli(0, 'cluster', 'nodes');
    expect(nodes.match(/master/g)).toHaveLength(3);
    expect(nodes.match(/slave/g)).toHaveLength(3);
    expect(nodes).toContain(`,${fqdn(1)} `); // nodes are announced by their stable hostname
  });

  it('running the Job again finds the cluster and changes nothing', () => {
    expect(runClusterCreateJob()).toContain('cluster already exists');
  });

  it('the ACL file from the Secret: default user off, the apps users limited to their commands', () => {
    expect(docker('exec', pod(0), 'redis-cli', '-h', '127.0.0.1', '--no-auth-warning', 'ping')).toMatch(
      /NOAUTH|WRONGPASS/,
    );
    const asService = docker(
      'exec',
      pod(0),
      'redis-cli',
      '--user',
      'fleetcache-service',
      '--pass',
      'e2e-service-password',
      '--no-auth-warning',
      '-h',
      '127.0.0.1',
      'flushall',
    );
    expect(asService).toMatch(/NOPERM/);
  });

  it('after every pod moves to a new IP (a reschedule), the nodes re-meet and the cluster is ok again', async () => {
    const key = '{fc}survives';
    expect(cli(0, '-c', 'set', key, 'yes')).toBe('OK'); // -c follows MOVED to the slot's master, by hostname
    for (let i = 0; i < SIZE; i++) docker('stop', '--time', '10', pod(i)); // SIGTERM: start.sh lets Redis finish
    for (let i = 0; i < SIZE; i++) docker('rm', pod(i));
    for (let i = 0; i < SIZE; i++) startPod(i, 1);
    await until('every pod ready at its new IP', allReady, 90_000);
    const nodes = cli(0, 'cluster', 'nodes');
    for (let i = 0; i < SIZE; i++) expect(nodes).toContain(`${ip(i, 1)}:6379@16379,${fqdn(i)} `);
    expect(nodes).not.toContain(ip(0, 0) + ':');
    expect(cli(0, '-c', 'get', key)).toBe('yes');
  });
});
