import { Controller, Get, Module, Post, Req, UseGuards, type ArgumentsHost } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  closeRedisClient,
  createRedisClient,
  DEFAULT_CLUSTER_OPTIONS,
  DEFAULT_NODE_OPTIONS,
  type RedisClient,
} from '@fleetcache/cache';
import { LOCAL_STACK_REDIS } from '@fleetcache/cache/testing';
import { validateEnv } from '@fleetcache/core';
import {
  AppExceptionFilter,
  createHttpApp,
  LoggingModule,
  ServiceConfigModule,
  ServiceEnv,
} from '@fleetcache/platform';
import { testEnv } from '@fleetcache/platform/testing';
import Fastify, { type FastifyInstance, type FastifyRequest, type LightMyRequestResponse } from 'fastify';
import { Cluster } from 'ioredis';
import {
  RedisClusterSessionStore,
  SessionKeys,
  SessionRequiredGuard,
  registerSessions,
  requireSession,
  sessionIdentity,
  signIn,
  signOut,
  type SessionIdentity,
  type SessionSettings,
} from '../src/sessions';

// Plain Fastify "instances" of a service with sessions and a few routes, for sessions.int-spec.ts.

export const SECRET = 'assistant-sessions-test-secret-0123456789';
export const OTHER_SECRET = 'another-sessions-test-secret-9876543210ab';
/** A key prefix of this run's own. */
export const PREFIX = `t${process.pid}${Math.floor(Math.random() * 1e6)}`;
export const BASE: SessionSettings = { secret: SECRET, secureCookies: true, keyPrefix: PREFIX };
/** What a TLS-terminating proxy adds: the request counts as https (the apps trust the proxy). */
export const HTTPS = { 'x-forwarded-proto': 'https' };
export const keys = new SessionKeys(PREFIX);
export const alice: SessionIdentity = { user: 'alice', tenant: 'acme' };
export const bob: SessionIdentity = { user: 'bob', tenant: 'acme' };

/** One "instance" of the service: a plain Fastify app with sessions and the test routes. */
export interface Instance {
  app: FastifyInstance;
  store: RedisClusterSessionStore;
}

const clients: RedisClient[] = [];
const apps: (FastifyInstance | NestFastifyApplication)[] = [];

/** A client of the local stack's Redis Cluster (closed by closeEverything). */
export function cluster(): RedisClient {
  return kept(
    createRedisClient({ mode: 'cluster', nodes: [...LOCAL_STACK_REDIS.cluster], commandTimeoutMs: 500 }),
  );
}

/**
 * A cluster client (the apps' options) whose only seed refuses connections. Its connections wait 50 ms, not
 * ioredis's 2 s, for a close that a refused socket never sends again, so that Jest exits at once.
 */
export function unreachableCluster(): RedisClient {
  const redisOptions = { ...DEFAULT_NODE_OPTIONS, commandTimeout: 500, disconnectTimeout: 50 };
  return kept(new Cluster([{ host: '127.0.0.1', port: 1 }], { ...DEFAULT_CLUSTER_OPTIONS, redisOptions }));
}

/** Keeps `client` for closeEverything and ignores its error events (every command reports its own error). */
export function kept(client: RedisClient): RedisClient {
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

/** Answers errors the way the Nest app does: through the HTTP edge's AppExceptionFilter. */
function answerLikeTheHttpEdge(app: FastifyInstance): void {
  const filter = new AppExceptionFilter();
  app.setErrorHandler((error, _request, reply) => {
    filter.catch(error, { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost);
  });
}

/**
 * Starts an instance: sessions on `redis`, errors answered as the HTTP edge does, and the routes POST /sign-in,
 * POST /sign-out, GET /me (needs a session) and GET /public, plus `extraRoutes`.
 */
export async function startInstance(
  redis: RedisClient,
  settings: Partial<SessionSettings> = {},
  extraRoutes: (app: FastifyInstance) => void = () => undefined,
): Promise<Instance> {
  const app = Fastify({ trustProxy: true });
  apps.push(app);
  answerLikeTheHttpEdge(app);
  const store = await registerSessions(app, { ...BASE, ...settings }, redis);
  app.post('/sign-in', async (request) => {
    await signIn(request, request.body as SessionIdentity);
    return { signedIn: true };
  });
  app.post('/sign-out', async (request) => {
    await signOut(request);
    return { signedOut: true };
  });
  app.get('/me', { preHandler: requireSession }, async (request) => ({
    ...sessionIdentity(request),
    createdAt: request.session.createdAt,
  }));
  app.get('/public', async () => ({ public: true }));
  extraRoutes(app);
  await app.ready();
  return { app, store };
}

/** The session routes as a Nest controller: POST /sign-in (always as nest-user), GET /me behind the guard. */
@Controller()
class SessionRoutes {
  @Post('sign-in')
  async signIn(@Req() request: FastifyRequest): Promise<{ signedIn: true }> {
    await signIn(request, { user: 'nest-user', tenant: 'acme' });
    return { signedIn: true };
  }

  @Get('me')
  @UseGuards(SessionRequiredGuard)
  me(@Req() request: FastifyRequest): SessionIdentity {
    return sessionIdentity(request);
  }
}

/**
 * Starts an instance as a service does: a Nest app made by createHttpApp (its filter answers errors), sessions
 * registered on its Fastify instance before init, SessionRoutes.
 */
export async function startNestInstance(
  redis: RedisClient,
  settings: Partial<SessionSettings> = {},
): Promise<Instance> {
  const env = validateEnv<ServiceEnv>(
    testEnv({ LOG_LEVEL: 'silent', HTTP_TRUSTED_PROXY_HOPS: '1' }),
    ServiceEnv,
  );
  @Module({ imports: [ServiceConfigModule.forRoot(env), LoggingModule], controllers: [SessionRoutes] })
  class SessionTestModule {}
  const nest = await createHttpApp(SessionTestModule, { title: 'sessions', description: 'test' }, env);
  apps.push(nest);
  const app = nest.getHttpAdapter().getInstance();
  const store = await registerSessions(app, { ...BASE, ...settings }, redis);
  await nest.init();
  return { app, store };
}

/** The value of the answer's session cookie (it must have one). */
export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'fc.sid');
  if (!cookie) throw new Error(`no session cookie (status ${response.statusCode}: ${response.body})`);
  return cookie.value;
}

/** The session id a signed cookie value names. */
export function idOf(cookie: string): string {
  return cookie.slice(0, cookie.lastIndexOf('.'));
}

/** Signs `identity` in on `instance` (with a cookie it had, if any) and returns the new cookie's value. */
export async function signInOn(
  instance: Instance,
  identity: SessionIdentity,
  cookie?: string,
): Promise<string> {
  const response = await instance.app.inject({
    method: 'POST',
    url: '/sign-in',
    payload: identity,
    headers: HTTPS,
    cookies: cookie ? { 'fc.sid': cookie } : {},
  });
  expect(response.statusCode).toBe(200);
  return sessionCookie(response);
}

/** GET /me, the route that needs a session, with the cookie if any. */
export function me(instance: Instance, cookie?: string): Promise<LightMyRequestResponse> {
  return instance.app.inject({ url: '/me', headers: HTTPS, cookies: cookie ? { 'fc.sid': cookie } : {} });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Closes every app and client the support made (Jest then exits at once). */
export async function closeEverything(): Promise<void> {
  await Promise.all(apps.map((app) => app.close()));
  await Promise.all(clients.map((client) => closeRedisClient(client, { drain: false })));
}

/** The answer is the fail-closed one: 503 SESSION_STORE_UNAVAILABLE with Retry-After, and no session cookie. */
export function expectUnavailable(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(503);
  expect(response.json()).toEqual({
    error: expect.stringMatching(/Session store unavailable/),
    code: 'SESSION_STORE_UNAVAILABLE',
    statusCode: 503,
  });
  expect(response.headers['retry-after']).toBe('1');
  expect(response.headers['set-cookie']).toBeUndefined();
}
