import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import type { RedisClient } from '@fleetcache/cache';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RedisClusterSessionStore } from './redis-cluster-session.store';
import { SessionStoreUnavailableError } from './session-errors';
import { SessionKeys } from './session-keys';
import { resolveSessionSettings, type SessionSettings } from './session-settings';

/**
 * Adds cookie sessions stored in Redis to `fastify` (call it before the routes are registered: for a Nest app,
 * between createHttpApp and listen). The cookie is HttpOnly, Path=/, SameSite and Secure per the settings, signed
 * with the settings' secret(s). Sessions slide (rolling: each request re-saves them with a fresh idle TTL) within
 * their absolute lifetime; a session is only stored once something is put in it (no store write for anonymous
 * requests). Returns the store, for revokeAllOf.
 *
 * With secureCookies, the session is saved and its cookie set only on requests Fastify sees as https (signIn refuses
 * others with SessionNeedsHttpsError): behind a TLS-terminating proxy, Fastify must trust the proxy by address, since
 * Fastify 5 ignores X-Forwarded-Proto when trustProxy is a hop count.
 */
export async function registerSessions(
  fastify: FastifyInstance,
  settings: SessionSettings,
  redisOrStore: RedisClient | RedisClusterSessionStore,
): Promise<RedisClusterSessionStore> {
  const resolved = resolveSessionSettings(settings);
  const store =
    redisOrStore instanceof RedisClusterSessionStore
      ? redisOrStore
      : createSessionStore(settings, redisOrStore);
  if (!fastify.hasPlugin('@fastify/cookie')) await fastify.register(fastifyCookie);
  await fastify.register(fastifySession, {
    secret: resolved.secrets,
    cookieName: resolved.cookieName,
    store,
    rolling: true,
    saveUninitialized: false,
    cookie: {
      httpOnly: true,
      path: '/',
      sameSite: resolved.sameSite,
      secure: resolved.secureCookies,
      maxAge: resolved.idleMs,
    },
  });
  fastify.addHook('onError', forgetSessionOnStoreFailure);
  return store;
}

/**
 * When the store failed, the error answer must not try to save the session again (the plugin saves in onSend, which
 * runs for the error answer too): the request has no session from here on.
 */
async function forgetSessionOnStoreFailure(
  request: FastifyRequest,
  _reply: unknown,
  error: Error,
): Promise<void> {
  if (error instanceof SessionStoreUnavailableError)
    (request as { session: FastifyRequest['session'] | null }).session = null;
}

/** The session store of `settings` on `redis` (what {@link registerSessions} uses; built apart so a module can inject it). */
export function createSessionStore(settings: SessionSettings, redis: RedisClient): RedisClusterSessionStore {
  const resolved = resolveSessionSettings(settings);
  return new RedisClusterSessionStore(redis, new SessionKeys(resolved.keyPrefix), resolved);
}
