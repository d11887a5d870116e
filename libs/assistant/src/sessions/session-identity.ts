import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RedisClusterSessionStore } from './redis-cluster-session.store';
import type { SessionIdentity } from './session-data';
import { SessionNeedsHttpsError, SessionRequiredError } from './session-errors';

/**
 * Signs `identity` in: a new session id first (the old session is destroyed, so an id planted before sign-in is
 * never the signed-in one), then the identity and createdAt (the start of the absolute lifetime). The new session
 * is stored, and its cookie set, when the answer is sent. Rejects with SessionStoreUnavailableError when the store
 * fails, and with SessionNeedsHttpsError when the cookie is Secure but the request is not https (the plugin would
 * silently set no cookie).
 */
export async function signIn(request: FastifyRequest, identity: SessionIdentity): Promise<void> {
  if (request.session.cookie.secure === true && request.protocol !== 'https')
    throw new SessionNeedsHttpsError(request.protocol);
  await request.session.regenerate();
  request.session.user = identity.user;
  request.session.tenant = identity.tenant;
  request.session.createdAt = Date.now();
}

/**
 * Signs out: destroys the session in the store (its cookie then names nothing) and takes it out of its user's set.
 * Rejects with SessionStoreUnavailableError when the store fails.
 */
export async function signOut(request: FastifyRequest): Promise<void> {
  const session = request.session as FastifyRequest['session'] | null;
  if (!session?.sessionId) return;
  const { user, sessionId } = session;
  await session.destroy();
  const store = request.sessionStore;
  if (user !== undefined && store instanceof RedisClusterSessionStore) await store.forget(user, sessionId);
}

/** The identity of the request's session; throws SessionRequiredError (401) when it has none. */
export function sessionIdentity(request: FastifyRequest): SessionIdentity {
  const session = request.session as FastifyRequest['session'] | null | undefined;
  if (typeof session?.user !== 'string' || typeof session.tenant !== 'string')
    throw new SessionRequiredError();
  return { user: session.user, tenant: session.tenant };
}

/** Fastify preHandler of routes that need a signed-in session: 401 SESSION_REQUIRED without one. */
export async function requireSession(request: FastifyRequest): Promise<void> {
  sessionIdentity(request);
}

/** Nest guard of routes that need a signed-in session: 401 SESSION_REQUIRED without one. */
@Injectable()
export class SessionRequiredGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    sessionIdentity(context.switchToHttp().getRequest<FastifyRequest>());
    return true;
  }
}
