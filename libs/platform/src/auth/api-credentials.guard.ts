import { HttpException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SERVICE_ENV } from '../config/service-config.constants';
import { isHealthRoute } from '../health/health.options';
import { arrivedOnInternalPort } from '../http/internal-port';
import { isWriteMethod } from '../http/methods';
import type { ApiAuthEnv } from './api-auth.env';
import { CredentialVerifier } from './credentials';

/** RFC 6750 §2.1: the scheme is case-insensitive, the token is b64token characters. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,4096}=*) *$/i;
const REALM = 'Bearer realm="fleetcache"';

/**
 * Requires `Authorization: Bearer <token>` on the public port, for writes (API_AUTH=writes) or for every request
 * (API_AUTH=all): 401 without a valid token, 403 for a valid token that may not write. Health checks and the
 * internal port (which has its own token) are not affected.
 */
@Injectable()
export class ApiCredentialsGuard implements CanActivate {
  private readonly verifier: CredentialVerifier;

  constructor(@Inject(SERVICE_ENV) private readonly env: ApiAuthEnv) {
    this.verifier = new CredentialVerifier(env);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const write = isWriteMethod(request.method);
    if (!this.applies(request, write)) return true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = request.headers.authorization;
    if (header === undefined)
      throw unauthorized(reply, 'An Authorization: Bearer <token> header is required');
    const token = BEARER.exec(header)?.[1];
    // RFC 6750 §3.1: another scheme or a malformed header is answered without an error code; a token that fails is
    // invalid_token.
    if (token === undefined) throw unauthorized(reply, 'The Authorization header must be "Bearer <token>"');
    const grant = await this.verifier.verify(token);
    if (!grant) throw unauthorized(reply, 'The bearer token is not valid', 'invalid_token');
    if (write && !grant.canWrite)
      throw new HttpException(
        {
          error: `This token may not write (it lacks the scope ${this.env.JWT_WRITE_SCOPE})`,
          code: 'FORBIDDEN',
        },
        403,
      );
    return true;
  }

  private applies(request: FastifyRequest, write: boolean): boolean {
    if (this.env.API_AUTH === 'off' || arrivedOnInternalPort(request)) return false;
    if (isHealthRoute(request.routeOptions.url)) return false;
    return write || this.env.API_AUTH === 'all';
  }
}

function unauthorized(reply: FastifyReply, error: string, reason?: string): HttpException {
  void reply.header('www-authenticate', reason ? `${REALM}, error="${reason}"` : REALM);
  return new HttpException({ error, code: 'UNAUTHORIZED' }, 401);
}
