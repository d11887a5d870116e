export { registerSessions, createSessionStore } from './register-sessions';
export { RedisClusterSessionStore, type SessionStoreLimits } from './redis-cluster-session.store';
export { SessionKeys } from './session-keys';
export type { SessionIdentity } from './session-data';
export { SessionStoreUnavailableError, SessionRequiredError, SessionNeedsHttpsError } from './session-errors';
export { signIn, signOut, sessionIdentity, requireSession, SessionRequiredGuard } from './session-identity';
export {
  resolveSessionSettings,
  DEFAULT_SESSION_COOKIE_NAME,
  DEFAULT_SESSION_IDLE_SECONDS,
  DEFAULT_SESSION_ABSOLUTE_SECONDS,
  DEFAULT_SECURE_COOKIES,
  DEFAULT_SAME_SITE,
  DEFAULT_SESSION_STORE_TIMEOUT_MS,
  MIN_SESSION_SECRET_CHARS,
  type SessionSettings,
  type ResolvedSessionSettings,
} from './session-settings';
