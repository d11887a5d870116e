import { UnauthorizedException } from '@nestjs/common';
import { AppError } from '@fleetcache/core';

/**
 * The session store (Redis) failed or did not answer in time. The request fails closed: 503 SESSION_STORE_UNAVAILABLE
 * through the HTTP edge's filter, never an anonymous or new session in place of the one the cookie names.
 */
export class SessionStoreUnavailableError extends AppError {
  readonly code = 'SESSION_STORE_UNAVAILABLE';
  readonly kind = 'unavailable' as const;

  constructor(operation: string, cause: unknown) {
    super(`Session store unavailable (${operation}), try again later`, { operation }, { cause });
  }
}

/** A route that needs a signed-in session was called without one: 401 SESSION_REQUIRED. */
export class SessionRequiredError extends UnauthorizedException {
  constructor() {
    super({
      error: 'A signed-in session is required: sign in again (the session is missing, expired or revoked)',
      code: 'SESSION_REQUIRED',
      statusCode: 401,
    });
    this.name = 'SessionRequiredError';
  }
}

/**
 * Sign-in over a request not seen as https while the session cookie is Secure: @fastify/session would neither store
 * the session nor set its cookie, so the sign-in fails visibly (400) instead of seeming to succeed. Behind a
 * TLS-terminating proxy this means Fastify does not trust the proxy's X-Forwarded-Proto.
 */
export class SessionNeedsHttpsError extends AppError {
  readonly code = 'SESSION_NEEDS_HTTPS';
  readonly kind = 'invalid_input' as const;

  constructor(protocol: string) {
    super(
      `Sign-in needs HTTPS (the session cookie is Secure; this request is ${protocol}). Behind a TLS-terminating ` +
        'proxy, the service must trust the proxy for X-Forwarded-Proto.',
      { protocol },
    );
  }
}
