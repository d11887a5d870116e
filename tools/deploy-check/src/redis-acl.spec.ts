// The apps' Redis ACL users (k8s/base/redis/acl-users.sh): one definition, least privilege, and the same users in
// Kubernetes and docker-compose. That the apps really work under them is shown by the integration test
// tools/fleet-tests/test/fleet.redis-acl.int-spec.ts; this checks what can be checked offline.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Container } from 'kubernetes-types/core/v1';
import { composeConfig } from './compose';
import { find, kustomize, ROOT } from './manifest';

const ACL_USERS = join(ROOT, 'k8s/base/redis/acl-users.sh');

interface AclUser {
  name: string;
  rules: string[];
  commands: Set<string>;
}

function renderUsers(env: Record<string, string>): AclUser[] {
  const output = execFileSync('sh', [ACL_USERS], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], ...env },
  });
  return output
    .trim()
    .split('\n')
    .map((line) => {
      const [keyword, name, ...rules] = line.split(' ');
      expect(keyword).toBe('user');
      const commands = new Set(rules.filter((r) => r.startsWith('+')).map((r) => r.slice(1)));
      return { name: name!, rules, commands };
    });
}

const EXAMPLE = {
  REDIS_SERVICE_USERNAME: 'fleetcache-service',
  REDIS_SERVICE_PASSWORD: 'service-password',
  REDIS_WARMER_USERNAME: 'fleetcache-warmer',
  REDIS_WARMER_PASSWORD: 'warmer-password',
};

/** Every command the apps' Lua scripts call (`redis.call('X'` / `redis.pcall('X'` in the libraries' sources). */
function scriptedCommands(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/redis\.p?call\(\s*'([A-Za-z]+)'/g))
          found.add(m[1]!.toLowerCase());
      }
    }
  };
  walk(join(ROOT, 'libs'));
  return found;
}

describe('k8s/base/redis/acl-users.sh', () => {
  const [service, warmer] = renderUsers(EXAMPLE) as [AclUser, AclUser];

  it('defines the services user and the warmer user, each from reset, with hashed passwords only', () => {
    expect([service.name, warmer.name]).toEqual(['fleetcache-service', 'fleetcache-warmer']);
    for (const user of [service, warmer]) {
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
    const scripted = scriptedCommands();
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
    ] as const) {
      expect(services[app]!.environment!['REDIS_USERNAME']).toBe(node[`REDIS_${role}_USERNAME`]);
      expect(services[app]!.environment!['REDIS_PASSWORD']).toBe(node[`REDIS_${role}_PASSWORD`]);
    }
  });
});
