// The assistant-service's Redis ACL user (k8s/base/redis/acl-users.sh): its own keys only, the index's channels to
// publish and subscribe, the services' change events to subscribe only. The key and channel names come from the
// libraries' own key builders, so a new key or channel shape fails here before it fails in Redis. That these rules
// load and act as read here was tried on Redis 7.0 (ACL file and ACL DRYRUN); the container tests load them too.
import { CacheKeys, DEFAULT_KEY_PREFIX } from '@fleetcache/cache';
import { DEFAULT_EVENTS_CHANNEL_PREFIX, eventChannel } from '@fleetcache/events';
import { SessionKeys } from '@fleetcache/assistant';
import { SemanticKeys } from '@fleetcache/semantic-cache';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import { find, kustomize } from './manifest';
import { containerEnv } from './pods';
import {
  ASSISTANT_ONLY_LIBS,
  EXAMPLE,
  globMatches,
  patterns,
  renderUsers,
  scriptedCommands,
  type AclUser,
} from './redis-acl';

/**
 * All the assistant may run: what every client sends on connect (info, cluster|info, cluster|slots,
 * client|setname, ping, readonly), its direct commands (sessions: get, set, del, sadd, srem, smembers, pexpire;
 * semantic cache: hgetall, hget, zadd, zrange, zrem, smembers, del; multi/exec around a tag and its expiry and a new
 * chat's hash; spublish, ssubscribe, sunsubscribe), evalsha/eval, and what its scripts call (checked below).
 */
const ASSISTANT_COMMANDS = [
  'client|setname',
  'cluster|info',
  'cluster|slots',
  'del',
  'eval',
  'evalsha',
  'exec',
  'exists',
  'get',
  'hdel',
  'hexists',
  'hget',
  'hgetall',
  'hincrby',
  'hmget',
  'hset',
  'incr',
  'info',
  'llen',
  'lpop',
  'lpush',
  'lrange',
  'ltrim',
  'multi',
  'pexpire',
  'ping',
  'pttl',
  'readonly',
  'rpush',
  'sadd',
  'set',
  'smembers',
  'spublish',
  'srem',
  'ssubscribe',
  'sunsubscribe',
  'zadd',
  'zcard',
  'zpopmin',
  'zrange',
  'zrem',
];

/** Whether `user` may name this key (a root key pattern matches it). */
const mayUseKey = (user: AclUser, key: string) => patterns(user.rules, '~').some((p) => globMatches(p, key));

/** Whether `user` may run `command` on `channel`: its root rules, or one of its selectors, allow both. */
const mayUseChannel = (user: AclUser, command: string, channel: string) =>
  [{ rules: user.rules, commands: user.commands }, ...user.selectors].some(
    (perm) => perm.commands.has(command) && patterns(perm.rules, '&').some((p) => globMatches(p, channel)),
  );

describe('k8s/base/redis/acl-users.sh: the assistant-service user', () => {
  const assistant = renderUsers(EXAMPLE).find((u) => u.name === 'fleetcache-assistant')!;
  const prefix = 'fc';
  const semantic = new SemanticKeys(prefix);
  const cacheKeys = new CacheKeys(prefix);
  const sessions = new SessionKeys(prefix);

  it('is defined from reset, with no category but -@all and exactly its commands (no SCRIPT, KEYS, SCAN, CONFIG…)', () => {
    expect(assistant.rules.slice(0, 2)).toEqual(['reset', 'on']);
    expect(assistant.rules).toContain('-@all');
    expect([...assistant.commands].filter((c) => c.startsWith('@'))).toEqual([]);
    expect([...assistant.commands].sort()).toEqual(ASSISTANT_COMMANDS);
    expect(assistant.rules.filter((r) => r.startsWith('-') && r !== '-@all')).toEqual([]);
    expect(
      assistant.rules.filter((r) => ['allkeys', 'allchannels', 'allcommands', 'nopass'].includes(r)),
    ).toEqual([]);
  });

  it('lets the assistant run every command its Lua scripts and its rate-limit script call', () => {
    const scripted = scriptedCommands([...ASSISTANT_ONLY_LIBS, 'libs/cache/src/rate-limit']);
    expect(scripted.size).toBeGreaterThan(10);
    expect([...scripted].filter((c) => !assistant.commands.has(c))).toEqual([]);
  });

  it("reaches its own keys, as the libraries name them, and none of the entity cache's", () => {
    const own = [
      semantic.entry('tenant-a|model|p', 'e1'),
      semantic.recency('tenant-a|model|p'),
      semantic.leases('tenant-a|model|p'),
      semantic.tag('product:42'),
      semantic.partitions(),
      sessions.session('s1'),
      sessions.userSessions('alice'),
      cacheKeys.rateLimit('writes', '203.0.113.7'),
      // The chats' memory (libs/assistant/src/memory/memory-keys.ts; MemoryKeys is not exported).
      `${prefix}:as1:{chat:0b7c}:messages`,
    ];
    expect(own.filter((key) => !mayUseKey(assistant, key))).toEqual([]);
    const others = [
      cacheKeys.entity('user', 1),
      cacheKeys.entity('product', 42),
      cacheKeys.lease('user', 1),
      cacheKeys.derived('trending:product'),
      cacheKeys.rankShard('views:product', 0),
      cacheKeys.meta('cursor'),
      'other:sem1:{sem:p}:e:1',
    ];
    expect(others.filter((key) => mayUseKey(assistant, key))).toEqual([]);
  });

  it("publishes and subscribes on the index's channels; subscribes to the change events, never publishes one", () => {
    for (const shard of [0, 7])
      for (const command of ['spublish', 'ssubscribe'])
        expect({ command, ok: mayUseChannel(assistant, command, semantic.channel(shard)) }).toEqual({
          command,
          ok: true,
        });
    const events = eventChannel(prefix, 'product', 3);
    expect(mayUseChannel(assistant, 'ssubscribe', events)).toBe(true);
    expect(mayUseChannel(assistant, 'spublish', events)).toBe(false);
    expect(mayUseChannel(assistant, 'ssubscribe', eventChannel('other', 'product', 3))).toBe(false);
    // Its one selector grants the change events for subscribing, and nothing else.
    expect(assistant.selectors.map((s) => s.rules)).toEqual([
      ['&fc:events:*', '+ssubscribe', '+sunsubscribe'],
    ]);
  });

  it('takes every prefix of REDIS_ACL_PREFIXES, and is defined only with both of its variables and a name of its own', () => {
    const [, , , local] = renderUsers({ ...EXAMPLE, REDIS_ACL_PREFIXES: 'fc t[0-9]*' }) as AclUser[];
    expect(mayUseKey(local!, new SemanticKeys('t123').partitions())).toBe(true);
    expect(mayUseChannel(local!, 'ssubscribe', eventChannel('t123', 'product', 0))).toBe(true);
    const { REDIS_ASSISTANT_USERNAME, REDIS_ASSISTANT_PASSWORD, ...without } = EXAMPLE;
    expect(renderUsers(without).map((u) => u.name)).not.toContain('fleetcache-assistant');
    expect(() => renderUsers({ ...without, REDIS_ASSISTANT_USERNAME })).toThrow();
    expect(() => renderUsers({ ...without, REDIS_ASSISTANT_PASSWORD })).toThrow();
    expect(() => renderUsers({ ...EXAMPLE, REDIS_ASSISTANT_PASSWORD: 'x>y' })).toThrow();
    for (const taken of ['fleetcache-service', 'fleetcache-warmer', 'fleetcache-monitor'])
      expect(() => renderUsers({ ...EXAMPLE, REDIS_ASSISTANT_USERNAME: taken })).toThrow();
  });
});

describe.each(['dev', 'prod'])('k8s/overlays/%s: the assistant-service keys and channels', (overlay) => {
  const docs = kustomize(`k8s/overlays/${overlay}`);

  it("uses a key and channel prefix its user is given (the Redis pods' REDIS_ACL_PREFIXES)", () => {
    const redis = find<StatefulSet>(docs, 'StatefulSet', 'redis').spec!.template.spec!.containers[0]!;
    const prefixes = containerEnv(docs, redis).get('REDIS_ACL_PREFIXES')!.split(' ');
    const app = find<Deployment>(docs, 'Deployment', 'assistant-service').spec!.template.spec!.containers[0]!;
    const env = containerEnv(docs, app);
    // Unset: the libraries' default prefixes.
    const used = {
      CACHE_KEY_PREFIX: env.get('CACHE_KEY_PREFIX') ?? DEFAULT_KEY_PREFIX,
      EVENTS_CHANNEL_PREFIX: env.get('EVENTS_CHANNEL_PREFIX') ?? DEFAULT_EVENTS_CHANNEL_PREFIX,
    };
    expect(Object.values(used).filter((prefix) => !prefixes.includes(prefix))).toEqual([]);
  });
});
