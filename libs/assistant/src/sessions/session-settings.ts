import { DEFAULT_KEY_PREFIX } from '@fleetcache/cache';
import { ConfigValidationError } from '@fleetcache/core';

/** Name of the session cookie unless the settings name another. */
export const DEFAULT_SESSION_COOKIE_NAME = 'fc.sid';
/** Idle timeout: a session unused this long is gone (sliding; every request restarts it). */
export const DEFAULT_SESSION_IDLE_SECONDS = 1800;
/** Absolute lifetime: a session this old is gone however recently it was used. */
export const DEFAULT_SESSION_ABSOLUTE_SECONDS = 86_400;
/** Cookies are Secure unless the settings say otherwise (plain-HTTP local runs). */
export const DEFAULT_SECURE_COOKIES = true;
/** SameSite of the session cookie unless the settings ask for `strict`. */
export const DEFAULT_SAME_SITE = 'lax';
/** Longest wait for one session-store call: a hung Redis fails the request fast (503) instead of hanging it. */
export const DEFAULT_SESSION_STORE_TIMEOUT_MS = 1000;
/** Shortest accepted cookie-signing secret (what @fastify/session demands of a single secret). */
export const MIN_SESSION_SECRET_CHARS = 32;

/** How HTTP sessions behave; everything but the secret has a default (the DEFAULT_SESSION_* constants). */
export interface SessionSettings {
  /**
   * Cookie-signing secret, or a list of them for rotation: the first signs new cookies, every one is accepted when
   * checking a cookie. Each at least MIN_SESSION_SECRET_CHARS characters.
   */
  secret: string | readonly string[];
  cookieName?: string;
  idleSeconds?: number;
  absoluteSeconds?: number;
  /** The Secure attribute; true in production. When true, cookies are only set on requests seen as https. */
  secureCookies?: boolean;
  sameSite?: 'lax' | 'strict';
  storeTimeoutMs?: number;
  /** Key prefix (the deployment's CACHE_KEY_PREFIX; tests use one of their own). */
  keyPrefix?: string;
}

/** Settings with every default filled in and checked. */
export interface ResolvedSessionSettings {
  secrets: string[];
  cookieName: string;
  idleMs: number;
  absoluteMs: number;
  secureCookies: boolean;
  sameSite: 'lax' | 'strict';
  storeTimeoutMs: number;
  keyPrefix: string;
}

/** Fills in the defaults and checks the settings; throws a ConfigValidationError listing every problem. */
export function resolveSessionSettings(settings: SessionSettings): ResolvedSessionSettings {
  const resolved: ResolvedSessionSettings = {
    secrets: typeof settings.secret === 'string' ? [settings.secret] : [...settings.secret],
    cookieName: settings.cookieName ?? DEFAULT_SESSION_COOKIE_NAME,
    idleMs: (settings.idleSeconds ?? DEFAULT_SESSION_IDLE_SECONDS) * 1000,
    absoluteMs: (settings.absoluteSeconds ?? DEFAULT_SESSION_ABSOLUTE_SECONDS) * 1000,
    secureCookies: settings.secureCookies ?? DEFAULT_SECURE_COOKIES,
    sameSite: settings.sameSite ?? DEFAULT_SAME_SITE,
    storeTimeoutMs: settings.storeTimeoutMs ?? DEFAULT_SESSION_STORE_TIMEOUT_MS,
    keyPrefix: settings.keyPrefix ?? DEFAULT_KEY_PREFIX,
  };
  const problems = settingsProblems(resolved);
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return resolved;
}

function settingsProblems(settings: ResolvedSessionSettings): string[] {
  const problems: string[] = [];
  if (settings.secrets.length === 0) problems.push('session secret: at least one is required');
  if (settings.secrets.some((secret) => secret.length < MIN_SESSION_SECRET_CHARS))
    problems.push(`session secret: each must be at least ${MIN_SESSION_SECRET_CHARS} characters`);
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(settings.cookieName))
    problems.push(`session cookie name "${settings.cookieName}" is not a valid cookie name`);
  for (const [name, value] of Object.entries({
    idleSeconds: settings.idleMs,
    absoluteSeconds: settings.absoluteMs,
    storeTimeoutMs: settings.storeTimeoutMs,
  })) {
    if (!Number.isFinite(value) || value <= 0) problems.push(`session ${name} must be a positive number`);
  }
  if (settings.idleMs > settings.absoluteMs)
    problems.push('session idleSeconds must not exceed absoluteSeconds');
  return problems;
}
