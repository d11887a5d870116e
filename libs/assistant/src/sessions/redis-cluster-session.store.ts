import type { SessionStore } from '@fastify/session';
import type { RedisClient } from '@fleetcache/cache';
import { withTimeout } from '@fleetcache/core';
import type { Session } from 'fastify';
import './session-data';
import { SessionStoreUnavailableError } from './session-errors';
import type { SessionKeys } from './session-keys';

/** The lifetimes a store enforces and how long one store call may take. */
export interface SessionStoreLimits {
  /** Idle timeout: every save sets the key's TTL to this (or less, see absoluteMs). */
  idleMs: number;
  /** Absolute lifetime from the session's createdAt: the TTL never goes past it and an older session is absent. */
  absoluteMs: number;
  /** Longest wait for one store call before it fails with SessionStoreUnavailableError. */
  storeTimeoutMs: number;
}

type Done = (error?: unknown) => void;
type SessionDone = (error: unknown, session?: Session | null) => void;

/**
 * @fastify/session store on a Redis Cluster (or a single Redis): each session is one JSON string
 * (`SET key json PX ttl`), and a set per user lists the user's session ids for revokeAllOf. Every command names one
 * key, so nothing spans slots; no KEYS or SCAN. Every failure or timeout reaches the plugin as a
 * SessionStoreUnavailableError, so that a request fails closed (503) instead of going on without its session.
 */
export class RedisClusterSessionStore implements SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: SessionKeys,
    private readonly limits: SessionStoreLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Saves a session (see saveSession); called by the plugin. */
  set(sessionId: string, session: Session, callback: Done): void {
    this.bounded('set', this.saveSession(sessionId, session)).then(() => callback(), callback);
  }

  /** Loads a session; null when absent, unreadable or past its absolute lifetime. Called by the plugin. */
  get(sessionId: string, callback: SessionDone): void {
    this.bounded('get', this.loadSession(sessionId)).then((session) => callback(null, session), callback);
  }

  /** Deletes a session; called by the plugin (regenerate, destroy). */
  destroy(sessionId: string, callback: Done): void {
    this.bounded('destroy', this.redis.del(this.keys.session(sessionId))).then(() => callback(), callback);
  }

  /** Ends every session of a user (one DEL per session key, then the user's set); returns how many were alive. */
  revokeAllOf(userId: string): Promise<number> {
    return this.bounded('revokeAllOf', this.deleteSessionsOf(userId));
  }

  /** Takes a session id out of its user's set (after the session itself was destroyed, e.g. at sign-out). */
  async forget(userId: string, sessionId: string): Promise<void> {
    await this.bounded('forget', this.redis.srem(this.keys.userSessions(userId), sessionId));
  }

  /**
   * Writes the session with a TTL of the idle timeout, cut to what is left of its absolute lifetime (deleted when
   * nothing is left), and indexes it under its user. A session that has a createdAt is in the store already (the
   * store stamps it on the first write): it is only refreshed (`SET … XX`), never recreated, so that a request still
   * running when the session was revoked, signed out or expired cannot bring it back.
   */
  private async saveSession(sessionId: string, session: Session): Promise<void> {
    const now = this.now();
    const createdAt = session.createdAt ?? now;
    const ttlMs = Math.min(this.limits.idleMs, createdAt + this.limits.absoluteMs - now);
    const key = this.keys.session(sessionId);
    if (ttlMs <= 0) {
      await this.redis.del(key);
      return;
    }
    const json = JSON.stringify({ ...session, createdAt });
    const write =
      session.createdAt === undefined
        ? this.redis.set(key, json, 'PX', ttlMs)
        : this.redis.set(key, json, 'PX', ttlMs, 'XX');
    await Promise.all([write, session.user === undefined ? undefined : this.index(session.user, sessionId)]);
  }

  /**
   * Adds the session to its user's set and lets the set live a whole absolute lifetime from now: at least as long
   * as any session in it can (each ends within an absolute lifetime from its last save).
   */
  private async index(userId: string, sessionId: string): Promise<void> {
    const key = this.keys.userSessions(userId);
    await this.redis.sadd(key, sessionId);
    await this.redis.pexpire(key, this.limits.absoluteMs);
  }

  private async loadSession(sessionId: string): Promise<Session | null> {
    const key = this.keys.session(sessionId);
    const json = await this.redis.get(key);
    if (json === null) return null;
    const session = parseSession(json);
    if (session && session.createdAt + this.limits.absoluteMs > this.now()) return session;
    await this.redis.del(key);
    return null;
  }

  private async deleteSessionsOf(userId: string): Promise<number> {
    const setKey = this.keys.userSessions(userId);
    const sessionIds = await this.redis.smembers(setKey);
    const deleted = await Promise.all(sessionIds.map((id) => this.redis.del(this.keys.session(id))));
    await this.redis.del(setKey);
    return deleted.reduce((sum, count) => sum + count, 0);
  }

  private bounded<T>(operation: string, call: Promise<T>): Promise<T> {
    return withTimeout(call, this.limits.storeTimeoutMs, `session store ${operation}`).catch(
      (error: unknown) => {
        throw new SessionStoreUnavailableError(operation, error);
      },
    );
  }
}

/** The stored session, or undefined when the JSON is not a session this store wrote. */
function parseSession(json: string): (Session & { createdAt: number }) | undefined {
  try {
    const value: unknown = JSON.parse(json);
    const createdAt = (value as { createdAt?: unknown } | null)?.createdAt;
    return typeof createdAt === 'number' ? (value as Session & { createdAt: number }) : undefined;
  } catch {
    return undefined;
  }
}
