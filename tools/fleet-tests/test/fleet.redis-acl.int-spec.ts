import { closeRedisClient, createRedisClient, type RedisClient } from '@fleetcache/cache';
import { eventChannel } from '@fleetcache/events';
import { ReplayService } from '@fleetcache/warmer';
import { eventually, http, metric, start, uniqueEmail, type RunningService } from './support/fleet';
import {
  aclDenials,
  BASE_PORT,
  node,
  onEveryNode,
  STACK_ENV,
  STACK_USERS,
} from './support/stack-redis-users';

/**
 * The apps under their own Redis ACL users (k8s/base/redis/acl-users.sh, defined on the local stack by
 * `stack.sh up`): everything works end to end and Redis refuses nothing they send (ACL LOG stays empty), while
 * what each user must not do is refused with NOPERM. The cache fails open, so a refused command would only show as
 * a miss: the empty ACL LOG is what proves the rules complete.
 */
describe('Redis ACL users of the services and the warmer', () => {
  const { service, warmer: warmerUser } = STACK_USERS;
  const usernames = [service.username, warmerUser.username];
  // `t<digits>`: a prefix the stack's users may use (fc and t<digit>...); the writer's `…w` too.
  const tag = `t${process.pid}${Date.now() % 1e6}`;
  const env = {
    ...STACK_ENV,
    CACHE_KEY_PREFIX: tag,
    EVENTS_CHANNEL_PREFIX: tag,
    LOG_LEVEL: 'error',
    OUTBOX_POLL_MS: '200',
    CACHE_NEAR_USER_MS: '10000',
  };
  // Rate limits on (the harness turns them off): their counters are the services' too.
  const asService = {
    ...env,
    REDIS_USERNAME: service.username,
    REDIS_PASSWORD: service.password,
    RATE_LIMIT_ENABLED: 'true',
  };
  // The writer keeps its write-through out of the readers' keys: a new version there can only come from the warmer.
  const asWriter = { ...asService, CACHE_KEY_PREFIX: `${tag}w` };
  const asWarmer = { ...env, REDIS_USERNAME: warmerUser.username, REDIS_PASSWORD: warmerUser.password };
  let users: RunningService;
  let products: RunningService;
  let writer: RunningService;
  let warmer: RunningService;

  beforeAll(async () => {
    const admin = node();
    const defined = await admin.call('ACL', 'GETUSER', service.username).finally(() => admin.disconnect());
    if (!defined)
      throw new Error(
        `the stack has no user ${service.username}: run scripts/stack/stack.sh up (it adds them)`,
      );
    await onEveryNode((admin) => admin.call('ACL', 'LOG', 'RESET'));
    // One after the other: on a fresh database concurrent starts would race to run the same migrations.
    users = await start.users(asService);
    products = await start.products(asService);
    writer = await start.users(asWriter);
    warmer = await start.warmer(asWarmer, { users, products });
    await warmer.app.get(ReplayService).settled(); // its replay cursors: HGET and HSET under its user
  });

  afterAll(async () => {
    await Promise.all([users, products, writer, warmer].map((s) => s?.close()));
  });

  it('serve, publish, subscribe and apply events end to end, and Redis refuses them nothing', async () => {
    const created = await http(`${writer.url}/users`, {
      method: 'POST',
      body: { name: 'Acl', email: uniqueEmail('acl') },
    });
    const id = created.body.data.id as number;
    // The reader caches it (fenced set, lease script, direct reads with AUTH) and, once its change events are
    // subscribed, keeps it in its near-cache too: an L1 answer needs a live SSUBSCRIBE under the service's user.
    expect(
      await eventually(async () => {
        const read = await http(`${users.url}/users/${id}`);
        return read.headers.get('x-cache-tier') === 'L1';
      }),
    ).toBe(true);
    // The writer's change reaches the reader's keys only through the warmer (SSUBSCRIBE + fenced-set script under
    // the warmer's user), and the reader's L1 copy is dropped by its own subscription.
    await http(`${writer.url}/users/${id}`, { method: 'PATCH', body: { city: 'Ulsan' } });
    expect(
      await eventually(async () => {
        const read = await http(`${users.url}/users/${id}`);
        return read.headers.get('x-cache-status') === 'HIT' && read.body.data.version === 2;
      }),
    ).toBe(true);
    expect(await metric(warmer.internalUrl, 'fleetcache_warmer_events_applied_total')).toBeGreaterThan(0);

    // product-service: entity reads, the trending list (rankings and a derived value) under the same user.
    const product = (
      await http(`${products.url}/products`, { method: 'POST', body: { name: 'Acl', price: '1.00' } })
    ).body.data;
    await http(`${products.url}/products/${product.id}`);
    expect((await http(`${products.url}/products/${product.id}`)).headers.get('x-cache-status')).toBe('HIT');
    await new Promise((r) => setTimeout(r, 1200)); // the view counts are flushed to the ranking every second
    // The first read computes and fills the list. The warmer's replay may apply the product's creation once more
    // and drop the list again (the list holds that product): then the next read computes it again.
    expect(
      await eventually(
        async () => (await http(`${products.url}/products/trending`)).headers.get('x-cache-status') === 'HIT',
      ),
    ).toBe(true);

    // A refused command is an error reply (reason "error"); a timeout on 2 busy cores is no refusal, and the ACL
    // log below is the last word on what Redis refused.
    for (const svc of [users, products, writer, warmer]) {
      expect(await metric(svc.internalUrl, 'fleetcache_cache_errors_total', { reason: 'error' })).toBe(0);
      expect(await metric(svc.internalUrl, 'fleetcache_cache_direct_connection_failures_total')).toBe(0);
    }
    expect(await aclDenials(usernames)).toEqual([]);
  });

  it.each([
    ['service', 'SSUBSCRIBE on another prefix', service, ['SSUBSCRIBE', 'other:events:{user:p0}']],
    ['service', 'SPUBLISH on another prefix', service, ['SPUBLISH', 'other:events:{user:p0}', 'x']],
    ['warmer', 'SSUBSCRIBE on another prefix', warmerUser, ['SSUBSCRIBE', 'other:events:{user:p0}']],
    ['warmer', 'SPUBLISH (it only consumes)', warmerUser, ['SPUBLISH', eventChannel(tag, 'user', 0), 'x']],
    ['warmer', 'ZINCRBY (it does not rank)', warmerUser, ['ZINCRBY', `${tag}:v2:{rank:x:s0}`, '1', 'a']],
    ['warmer', 'HMGET (it reads no derived value)', warmerUser, ['HMGET', `${tag}:v2:{derived:x}`, 'g']],
  ])('refuses the %s user %s', async (_app, _what, user, [name, ...args]) => {
    // One node answers for the cluster: Redis checks the ACL before it would redirect to another node.
    const conn = node(BASE_PORT, user);
    try {
      await expect(conn.call(name!, ...args)).rejects.toThrow(/^NOPERM/);
    } finally {
      conn.disconnect();
    }
  });

  it.each([
    ['service', service],
    ['warmer', warmerUser],
  ])(
    'refuses the %s user admin commands, keys and channels outside its prefixes, with NOPERM',
    async (_app, user) => {
      const client: RedisClient = createRedisClient({
        mode: 'cluster',
        nodes: [{ host: '127.0.0.1', port: BASE_PORT }],
        ...user,
        commandTimeoutMs: 2000,
      });
      const admin = node();
      try {
        const inPrefix = `${tag}:v2:{user:1}`;
        expect(await client.set(inPrefix, '1:0:{}', 'PX', 10_000)).toBe('OK'); // its own prefix
        const refused: [string, () => Promise<unknown>][] = [
          ['CONFIG GET', () => client.config('GET', 'maxmemory')],
          ['KEYS', () => client.keys('*')],
          ['SCAN', () => client.scan(0)],
          ['GET outside the prefix', () => client.get('other:v2:{user:1}')],
          ['SET outside the prefix', () => client.set('other:v2:{user:1}', 'x')],
          ['EVAL on a key outside', () => client.eval("return redis.call('GET', KEYS[1])", 1, 'other:x')],
          ['EVAL calling KEYS', () => client.eval("return redis.call('KEYS', '*')", 1, inPrefix)],
        ];
        for (const [what, call] of refused) {
          const error = await call().then(
            () => 'allowed',
            (e: Error) => e.message,
          );
          expect({ what, error }).toEqual({
            what,
            error: expect.stringMatching(/NOPERM|can't run this command/),
          });
        }
        expect((await aclDenials([user.username])).map((d) => d.object)).toEqual(
          expect.arrayContaining(['config|get', 'keys', 'scan', 'other:v2:{user:1}', 'other:x']),
        );
        // What would harm the shared stack if it were allowed is asked of ACL DRYRUN, which runs nothing.
        for (const command of [
          ['FLUSHALL'],
          ['FLUSHDB'],
          ['SHUTDOWN', 'NOSAVE'],
          ['DEBUG', 'SLEEP', '0'],
          ['CONFIG', 'SET', 'maxmemory', '1'],
          ['ACL', 'SETUSER', user.username, '+@all'],
          ['CLUSTER', 'RESET'],
          ['CLUSTER', 'SETSLOT', '0', 'STABLE'],
          ['MIGRATE', '127.0.0.1', '1', inPrefix, '0', '1'],
          ['SCRIPT', 'FLUSH'],
          ['MODULE', 'LOAD', '/x.so'],
          ['REPLICAOF', 'NO', 'ONE'],
          ['CLIENT', 'KILL', 'ID', '1'],
        ]) {
          const verdict = String(await admin.call('ACL', 'DRYRUN', user.username, ...command));
          expect({ command, verdict }).toEqual({ command, verdict: expect.stringMatching(/no permissions/) });
        }
        expect(await admin.call('ACL', 'DRYRUN', user.username, 'GET', inPrefix)).toBe('OK');
      } finally {
        await closeRedisClient(client, { drain: false });
        admin.disconnect();
      }
    },
  );
});
