import { Signer } from '@fastify/cookie';
import { closeRedisClient, createRedisClient, type RedisClient } from '@fleetcache/cache';
import { LOCAL_STACK_REDIS, StallingProxy } from '@fleetcache/cache/testing';
import { ConfigValidationError } from '@fleetcache/core';
import type { Session } from 'fastify';
import { requireSession, resolveSessionSettings } from '../src/sessions';
import {
  alice,
  bob,
  closeEverything,
  expectUnavailable,
  cluster,
  HTTPS,
  idOf,
  keys,
  me,
  OTHER_SECRET,
  SECRET,
  sessionCookie,
  signInOn,
  sleep,
  startInstance,
  startNestInstance,
  unreachableCluster,
  type Instance,
} from './sessions-support';

afterAll(closeEverything);

describe('HTTP sessions on the Redis Cluster', () => {
  let redis: RedisClient;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    redis = cluster();
    a = await startInstance(redis);
    b = await startInstance(cluster());
  });

  it('signs in with a signed HttpOnly, SameSite=Lax, Secure, Path=/ cookie and stores the session with its TTL', async () => {
    const response = await a.app.inject({ method: 'POST', url: '/sign-in', payload: alice, headers: HTTPS });
    expect(response.statusCode).toBe(200);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^fc\.sid=[\w-]+\.[\w%+/=-]+;/);
    for (const attribute of [/; HttpOnly/, /; SameSite=Lax/, /; Secure/, /; Path=\//])
      expect(header).toMatch(attribute);
    const id = idOf(sessionCookie(response));
    const pttl = await redis.pttl(keys.session(id));
    expect(pttl).toBeGreaterThan(1_790_000);
    expect(pttl).toBeLessThanOrEqual(1_800_000);
    expect(await redis.smembers(keys.userSessions('alice'))).toContain(id);
    expect(await redis.pttl(keys.userSessions('alice'))).toBeGreaterThan(86_000_000);
  });

  it('SameSite=Strict and no Secure attribute when configured so', async () => {
    const strict = { secureCookies: false, sameSite: 'strict', cookieName: 'x.sid' } as const;
    const plain = await startInstance(redis, strict);
    const response = await plain.app.inject({ method: 'POST', url: '/sign-in', payload: alice });
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^x\.sid=/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).not.toMatch(/Secure/);
  });

  it('with Secure cookies, sign-in over a request not seen as https fails visibly (400), without a cookie', async () => {
    const response = await a.app.inject({ method: 'POST', url: '/sign-in', payload: alice });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SESSION_NEEDS_HTTPS' });
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('a session made on instance A is read on instance B, and on a restarted A', async () => {
    const cookie = await signInOn(a, alice);
    const onB = await me(b, cookie);
    expect(onB.statusCode).toBe(200);
    expect(onB.json()).toMatchObject(alice);
    const restarted = await startInstance(cluster());
    expect((await me(restarted, cookie)).json()).toMatchObject(alice);
  });

  it('signing in again regenerates the id: the old id no longer works, on either instance', async () => {
    const first = await signInOn(a, alice);
    const second = await signInOn(a, bob, first);
    expect(idOf(second)).not.toBe(idOf(first));
    expect(await redis.exists(keys.session(idOf(first)))).toBe(0);
    expect((await me(a, first)).statusCode).toBe(401);
    expect((await me(b, first)).statusCode).toBe(401);
    expect((await me(b, second)).json()).toMatchObject(bob);
  });

  it('signing out destroys the session and takes it out of its user set', async () => {
    const cookie = await signInOn(a, alice);
    const out = await b.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: HTTPS,
      cookies: { 'fc.sid': cookie },
    });
    expect(out.statusCode).toBe(200);
    expect((await me(a, cookie)).statusCode).toBe(401);
    expect(await redis.sismember(keys.userSessions('alice'), idOf(cookie))).toBe(0);
  });

  it('answers 401 SESSION_REQUIRED without a cookie, with a forged one, and with one naming no session', async () => {
    const unknownId = new Signer(SECRET).sign('no-such-session-id-000000000000');
    const foreign = new Signer(OTHER_SECRET).sign(idOf(await signInOn(a, alice)));
    for (const cookie of [undefined, 'forged.value', foreign, unknownId]) {
      const response = await me(a, cookie);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({
        error: expect.stringMatching(/sign in/),
        code: 'SESSION_REQUIRED',
        statusCode: 401,
      });
      // At most the plugin's clearing of a cookie that names no session: never a new one.
      expect(response.cookies.filter((c) => c.value !== '')).toEqual([]);
    }
  });

  it('accepts cookies signed with an older secret of the rotation list', async () => {
    const cookie = await signInOn(a, alice);
    const rotated = await startInstance(redis, { secret: [OTHER_SECRET, SECRET] });
    expect((await me(rotated, cookie)).json()).toMatchObject(alice);
  });

  it('revokeAllOf ends every session of a user on every instance, and no other', async () => {
    const carol = { user: 'carol', tenant: 'acme' };
    const onA = await signInOn(a, carol);
    const onB = await signInOn(b, carol);
    const bobs = await signInOn(a, bob);
    expect(await a.store.revokeAllOf('carol')).toBe(2);
    for (const [instance, cookie] of [
      [a, onA],
      [b, onA],
      [a, onB],
      [b, onB],
    ] as const)
      expect((await me(instance, cookie)).statusCode).toBe(401);
    expect(await redis.exists(keys.userSessions('carol'))).toBe(0);
    expect((await me(b, bobs)).json()).toMatchObject(bob);
  });

  it('a request still running when its session was revoked cannot bring the session back', async () => {
    const id = idOf(await signInOn(a, { user: 'dave', tenant: 'acme' }));
    const loaded = await new Promise<Session | null | undefined>((resolve) =>
      a.store.get(id, (_error, session) => resolve(session)),
    );
    await a.store.revokeAllOf('dave');
    await new Promise((resolve) => a.store.set(id, loaded as Session, resolve));
    expect(await redis.exists(keys.session(id))).toBe(0);
  });

  it('slides on use within the idle timeout, then expires after an idle period', async () => {
    const short = await startInstance(redis, { idleSeconds: 0.8, absoluteSeconds: 10 });
    const cookie = await signInOn(short, alice);
    for (let i = 0; i < 4; i++) {
      await sleep(400);
      expect((await me(short, cookie)).statusCode).toBe(200); // 1.6 s in all: alive because it was used
    }
    await sleep(1000);
    expect((await me(short, cookie)).statusCode).toBe(401);
  });

  it('ends at the absolute lifetime although it is used all the time; its TTL never passes that end', async () => {
    const short = await startInstance(redis, { idleSeconds: 1, absoluteSeconds: 2 });
    const cookie = await signInOn(short, alice);
    const { createdAt } = (await me(short, cookie)).json<{ createdAt: number }>();
    while (Date.now() < createdAt + 1700) {
      expect((await me(short, cookie)).statusCode).toBe(200);
      const pttl = await redis.pttl(keys.session(idOf(cookie)));
      expect(pttl).toBeLessThanOrEqual(createdAt + 2000 - Date.now() + 50);
      await sleep(250);
    }
    await sleep(createdAt + 2050 - Date.now());
    expect((await me(short, cookie)).statusCode).toBe(401);
  });

  it('refuses secrets shorter than 32 characters and an idle timeout longer than the lifetime', () => {
    expect(() => resolveSessionSettings({ secret: 'short' })).toThrow(ConfigValidationError);
    expect(() => resolveSessionSettings({ secret: [SECRET, 'short'] })).toThrow(/at least 32/);
    expect(() => resolveSessionSettings({ secret: SECRET, idleSeconds: 10, absoluteSeconds: 5 })).toThrow(
      /idleSeconds/,
    );
  });

  describe('fails closed when Redis fails', () => {
    it('unreachable cluster: a request with a session cookie gets 503 in bounded time, not an anonymous session', async () => {
      const down = await startInstance(unreachableCluster(), { storeTimeoutMs: 300 });
      const cookie = await signInOn(a, alice);
      const started = Date.now();
      expectUnavailable(await me(down, cookie));
      expectUnavailable(
        await down.app.inject({ url: '/public', headers: HTTPS, cookies: { 'fc.sid': cookie } }),
      );
      expectUnavailable(
        await down.app.inject({ method: 'POST', url: '/sign-in', payload: bob, headers: HTTPS }),
      );
      expect(Date.now() - started).toBeLessThan(3000);
      // Without a cookie there is nothing to load: a public route still answers, and /me is a plain 401.
      expect((await down.app.inject({ url: '/public' })).statusCode).toBe(200);
      expect((await me(down)).statusCode).toBe(401);
    });

    describe('hung Redis (a stalled proxy in front of the standalone node)', () => {
      const proxy = new StallingProxy(LOCAL_STACK_REDIS.single[0].port);
      let client: RedisClient;
      let hung: Instance;

      beforeAll(async () => {
        const port = await proxy.listen();
        // Its own command timeout is longer than the store's, which is what answers here.
        client = createRedisClient({
          mode: 'single',
          nodes: [{ host: '127.0.0.1', port }],
          commandTimeoutMs: 1000,
        });
        client.on('error', () => undefined);
        hung = await startInstance(client, { storeTimeoutMs: 300 }, (app) =>
          app.get('/stall-then-answer', { preHandler: requireSession }, async () => {
            proxy.stall();
            return { answered: true };
          }),
        );
      });

      afterEach(() => proxy.resume());
      afterAll(async () => {
        // The client first, while the proxy forwards: its connection then closes at once.
        await closeRedisClient(client);
        await proxy.close();
      });

      it('loading the session times out: 503', async () => {
        const cookie = await signInOn(hung, alice);
        proxy.stall();
        const started = Date.now();
        expectUnavailable(await me(hung, cookie));
        expect(Date.now() - started).toBeLessThan(1500);
      });

      it('saving the session at the end of the request times out: 503, not the handler answer', async () => {
        const cookie = await signInOn(hung, alice);
        expectUnavailable(
          await hung.app.inject({ url: '/stall-then-answer', headers: HTTPS, cookies: { 'fc.sid': cookie } }),
        );
      });

      it('signing in (regenerate) times out: 503 and no cookie', async () => {
        proxy.stall();
        expectUnavailable(
          await hung.app.inject({ method: 'POST', url: '/sign-in', payload: alice, headers: HTTPS }),
        );
      });
    });
  });

  it('works the same in a Nest app made by createHttpApp (registered before init): guard, 401 and 503', async () => {
    const nest = await startNestInstance(redis, { secureCookies: false });
    const signedIn = await nest.app.inject({ method: 'POST', url: '/sign-in', payload: {} });
    expect(signedIn.statusCode).toBe(201);
    const cookie = sessionCookie(signedIn);
    expect((await me(b, cookie)).json()).toMatchObject({ user: 'nest-user' });
    expect((await me(nest, cookie)).json()).toEqual({ user: 'nest-user', tenant: 'acme' });
    expect((await me(nest)).json()).toMatchObject({ code: 'SESSION_REQUIRED', statusCode: 401 });
    const down = await startNestInstance(unreachableCluster(), { storeTimeoutMs: 300 });
    const failed = await me(down, cookie);
    expect(failed.json()).toMatchObject({ code: 'SESSION_STORE_UNAVAILABLE', statusCode: 503 });
    expect(failed.headers['retry-after']).toBe('1');
  });

  it('a Nest app behind one trusted proxy (HTTP_TRUSTED_PROXY_HOPS=1) sees its X-Forwarded-Proto: Secure sign-in works', async () => {
    const nest = await startNestInstance(redis, { secureCookies: true });
    const response = await nest.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: HTTPS,
      payload: alice,
    });
    expect(response.statusCode).toBeLessThan(300);
    expect(response.cookies.find((c) => c.name === 'fc.sid')).toMatchObject({ secure: true, httpOnly: true });
    const plain = await nest.app.inject({ method: 'POST', url: '/sign-in', payload: alice });
    expect(plain.json()).toMatchObject({ code: 'SESSION_NEEDS_HTTPS', statusCode: 400 });
  });
});
