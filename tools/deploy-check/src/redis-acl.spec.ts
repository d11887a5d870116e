// The apps' Redis ACL users (k8s/base/redis/acl-users.sh): one definition, least privilege, and the same users in
// Kubernetes and docker-compose. That the apps really work under them is shown by the integration test
// tools/fleet-tests/test/fleet.redis-acl.int-spec.ts; this checks what can be checked offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Container } from 'kubernetes-types/core/v1';
import { composeConfig } from './compose';
import { find, kustomize, ROOT } from './manifest';
import {
  ACL_USERS,
  ASSISTANT_ONLY_LIBS,
  EXAMPLE,
  renderUsers,
  scriptedCommands,
  type AclUser,
} from './redis-acl';

/**
 * All the cache-monitor may run: INFO (every section, commandstats too), PING, the cluster topology (CLUSTER NODES
 * finds the replicas), and what its ioredis cluster client sends on connect (slots, info, setname, readonly). Every
 * one of them exists in Redis 7.0 (the local stack's and the container tests' Redis): no client|setinfo, which 7.0
 * refuses in an ACL file and the apps' clients do not send (disableClientInfo).
 */
const MONITOR_COMMANDS = [
  'auth',
  'client|setname',
  'cluster|info',
  'cluster|myid',
  'cluster|nodes',
  'cluster|shards',
  'cluster|slots',
  'hello',
  'info',
  'ping',
  'readonly',
];

describe('k8s/base/redis/acl-users.sh', () => {
  const [service, warmer, monitor, assistant] = renderUsers(EXAMPLE) as [AclUser, AclUser, AclUser, AclUser];

  it('defines the services, warmer, monitor and assistant users, each from reset, with hashed passwords only', () => {
    expect([service.name, warmer.name, monitor.name, assistant.name]).toEqual([
      'fleetcache-service',
      'fleetcache-warmer',
      'fleetcache-monitor',
      'fleetcache-assistant',
    ]);
    for (const user of [service, warmer, monitor, assistant]) {
      expect(user.rules.slice(0, 2)).toEqual(['reset', 'on']);
      expect(user.rules.filter((r) => r.startsWith('#'))).toEqual([expect.stringMatching(/^#[0-9a-f]{64}$/)]);
      expect(user.rules.join(' ')).not.toMatch(/password|>/);
    }
  });

  it('grants no category, no key or channel outside the prefix, and no admin or dangerous command', () => {
    for (const user of [service, warmer]) {
      expect(user.rules.filter((r) => r.startsWith('~') || r.startsWith('&') || r.startsWith('%'))).toEqual([
        '~fc:*',
        '&fc:events:*',
      ]);
      expect(user.rules).toContain('-@all');
      expect([...user.commands].filter((c) => c.startsWith('@'))).toEqual([]);
      for (const forbidden of [
        'flushall',
        'flushdb',
        'keys',
        'scan',
        'config',
        'debug',
        'script',
        'acl',
        'shutdown',
      ]) {
        expect([...user.commands].filter((c) => c.split('|')[0] === forbidden)).toEqual([]);
      }
      expect([...user.commands].filter((c) => c.startsWith('cluster|')).sort()).toEqual([
        'cluster|info',
        'cluster|slots',
      ]);
    }
  });

  it('lets the services run every command their Lua scripts call (a new script command must be granted here)', () => {
    const scripted = scriptedCommands(['libs'], ASSISTANT_ONLY_LIBS);
    expect(scripted.size).toBeGreaterThan(5);
    expect([...scripted].filter((c) => !service.commands.has(c))).toEqual([]);
    expect(service.commands.has('evalsha') && service.commands.has('eval')).toBe(true);
  });

  it('gives the warmer less than the services: it never publishes, ranks, reads derived values or leases', () => {
    expect([...warmer.commands].filter((c) => !service.commands.has(c))).toEqual([]);
    for (const command of ['spublish', 'zincrby', 'zremrangebyrank', 'hmget', 'exists', 'incr'])
      expect({ command, granted: warmer.commands.has(command) }).toEqual({ command, granted: false });
    for (const command of [
      'ssubscribe',
      'evalsha',
      'get',
      'set',
      'del',
      'hget',
      'hset',
      'hincrby',
      'zrevrange',
    ])
      expect({ command, granted: warmer.commands.has(command) }).toEqual({ command, granted: true });
  });

  it('gives the monitor no key and no channel: INFO, PING and cluster topology reads only', () => {
    expect(monitor.rules.slice(0, 2)).toEqual(['reset', 'on']);
    expect(monitor.rules).toEqual(expect.arrayContaining(['resetkeys', 'resetchannels', '-@all']));
    expect(monitor.rules.filter((r) => /^[~&%(]/.test(r) || r === 'allkeys' || r === 'allchannels')).toEqual(
      [],
    );
    expect(monitor.rules.filter((r) => r.startsWith('-') && r !== '-@all')).toEqual([]);
    expect([...monitor.commands].sort()).toEqual(MONITOR_COMMANDS);
    // Nothing of the others' but the connection: no key command, no script, no pub/sub.
    for (const command of ['get', 'set', 'del', 'eval', 'evalsha', 'ssubscribe', 'spublish', 'scan', 'keys'])
      expect({ command, granted: monitor.commands.has(command) }).toEqual({ command, granted: false });
  });

  it('defines the monitor user only with both of its variables (the local stack has none), and a name of its own', () => {
    const { REDIS_MONITOR_USERNAME, REDIS_MONITOR_PASSWORD, ...withoutMonitor } = EXAMPLE;
    expect(renderUsers(withoutMonitor).map((u) => u.name)).toEqual([
      'fleetcache-service',
      'fleetcache-warmer',
      'fleetcache-assistant',
    ]);
    expect(() => renderUsers({ ...withoutMonitor, REDIS_MONITOR_USERNAME })).toThrow();
    expect(() => renderUsers({ ...withoutMonitor, REDIS_MONITOR_PASSWORD })).toThrow();
    expect(() => renderUsers({ ...EXAMPLE, REDIS_MONITOR_PASSWORD: 'has space' })).toThrow();
    expect(() => renderUsers({ ...EXAMPLE, REDIS_MONITOR_PASSWORD: 'x#y' })).toThrow();
    expect(() => renderUsers({ ...EXAMPLE, REDIS_MONITOR_USERNAME: 'fleetcache-warmer' })).toThrow();
    expect(() => renderUsers({ ...EXAMPLE, REDIS_MONITOR_USERNAME: 'fleetcache-service' })).toThrow();
  });

  it('takes more prefixes (globs are kept as they are) and refuses unsafe values', () => {
    const [local] = renderUsers({ ...EXAMPLE, REDIS_ACL_PREFIXES: 'fc t[0-9]*' }) as [AclUser];
    expect(local.rules.filter((r) => /^[~&]/.test(r))).toEqual([
      '~fc:*',
      '&fc:events:*',
      '~t[0-9]*:*',
      '&t[0-9]*:events:*',
    ]);
    expect(() => renderUsers({ ...EXAMPLE, REDIS_WARMER_PASSWORD: 'has space' })).toThrow();
    expect(() => renderUsers({ ...EXAMPLE, REDIS_ACL_PREFIXES: 'fc:*' })).toThrow();
    expect(() => renderUsers({ ...EXAMPLE, REDIS_WARMER_USERNAME: 'fleetcache-service' })).toThrow();
  });
});

describe.each(['dev', 'prod'])('k8s/overlays/%s: Redis users', (overlay) => {
  const docs = kustomize(`k8s/overlays/${overlay}`);
  const secretKey = (container: Container, name: string) =>
    container.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef?.key;
  const app = (name: string) =>
    find<Deployment>(docs, 'Deployment', name).spec!.template.spec!.containers[0]!;

  it('turns the default user off and defines admin and the apps users from acl-users.sh', () => {
    const config = docs.find(
      (d) => d.kind === 'ConfigMap' && d.metadata?.name === 'redis-config',
    ) as unknown as {
      data: Record<string, string>;
    };
    expect(config.data['acl-users.sh']).toBe(readFileSync(ACL_USERS, 'utf8'));
    expect(config.data['start.sh']).toMatch(/echo "user default off"/);
    expect(config.data['start.sh']).toMatch(/sh \/etc\/redis\/acl-users\.sh/);
  });

  it('gives each app the credentials of its own user, as the Redis pods define them', () => {
    const redis = find<StatefulSet>(docs, 'StatefulSet', 'redis').spec!.template.spec!.containers[0]!;
    for (const name of ['user-service', 'product-service']) {
      expect(secretKey(app(name), 'REDIS_USERNAME')).toBe(secretKey(redis, 'REDIS_SERVICE_USERNAME'));
      expect(secretKey(app(name), 'REDIS_PASSWORD')).toBe(secretKey(redis, 'REDIS_SERVICE_PASSWORD'));
    }
    expect(secretKey(app('cache-warmer'), 'REDIS_USERNAME')).toBe(secretKey(redis, 'REDIS_WARMER_USERNAME'));
    expect(secretKey(app('cache-warmer'), 'REDIS_PASSWORD')).toBe(secretKey(redis, 'REDIS_WARMER_PASSWORD'));
    expect(secretKey(redis, 'REDIS_WARMER_USERNAME')).not.toBe(secretKey(redis, 'REDIS_SERVICE_USERNAME'));
    expect(secretKey(app('cache-monitor'), 'REDIS_USERNAME')).toBe(
      secretKey(redis, 'REDIS_MONITOR_USERNAME'),
    );
    expect(secretKey(app('cache-monitor'), 'REDIS_PASSWORD')).toBe(
      secretKey(redis, 'REDIS_MONITOR_PASSWORD'),
    );
    expect(secretKey(app('assistant-service'), 'REDIS_USERNAME')).toBe(
      secretKey(redis, 'REDIS_ASSISTANT_USERNAME'),
    );
    expect(secretKey(app('assistant-service'), 'REDIS_PASSWORD')).toBe(
      secretKey(redis, 'REDIS_ASSISTANT_PASSWORD'),
    );
    const usernames = ['SERVICE', 'WARMER', 'MONITOR', 'ASSISTANT'].map((role) =>
      secretKey(redis, `REDIS_${role}_USERNAME`),
    );
    expect(new Set(usernames).size).toBe(4);
  });
});

describe('docker/docker-compose.yml: Redis users', () => {
  const services = composeConfig().services;
  const redisNodes = Object.keys(services).filter((name) => /^redis-\d$/.test(name));

  it('starts every node with the ACL (default user off) and checks its health as admin', () => {
    expect(readFileSync(join(ROOT, 'docker/redis-start.sh'), 'utf8')).toMatch(/echo "user default off"/);
    for (const name of redisNodes) {
      const node = services[name] as { command?: string[]; volumes?: string[] };
      expect(node.command?.slice(0, 2)).toEqual(['sh', '/usr/local/etc/redis/redis-start.sh']);
      expect(node.volumes).toContain(`${ACL_USERS}:/usr/local/etc/redis/acl-users.sh:ro`);
      expect(services[name]!.healthcheck?.test.join(' ')).toContain('--user admin');
    }
    expect(services['redis-cluster-init']!.environment?.['REDISCLI_AUTH']).toBeTruthy();
  });

  it('logs every app in as its own user, with the password its node defines', () => {
    const node = services['redis-1']!.environment!;
    for (const [app, role] of [
      ['user-service', 'SERVICE'],
      ['product-service', 'SERVICE'],
      ['cache-warmer', 'WARMER'],
      ['cache-monitor', 'MONITOR'],
      ['assistant-service', 'ASSISTANT'],
    ] as const) {
      expect(services[app]!.environment!['REDIS_USERNAME']).toBe(node[`REDIS_${role}_USERNAME`]);
      expect(services[app]!.environment!['REDIS_PASSWORD']).toBe(node[`REDIS_${role}_PASSWORD`]);
    }
  });
});
