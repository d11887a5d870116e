import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { INTERNAL_TOKEN_HEADER } from '../events.constants';

/** Injection token of the internal tokens a {@link InternalTokenGuard} accepts (string[]; the module using it provides them). */
export const INTERNAL_TOKENS = Symbol('INTERNAL_TOKENS');

/**
 * Lets a request through only with one of the internal tokens (the current one, or the previous one during a
 * rotation). Digests are compared, in constant time, so neither a token's content nor its length leaks.
 */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected: Buffer[];

  constructor(@Inject(INTERNAL_TOKENS) tokens: readonly string[]) {
    this.expected = tokens.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<FastifyRequest>().headers[INTERNAL_TOKEN_HEADER];
    const token = digest(typeof given === 'string' ? given : '');
    // Every token is compared, whichever matches: the time taken does not say which.
    const matches = this.expected.filter((expected) => timingSafeEqual(token, expected)).length;
    if (matches === 0) {
      throw new UnauthorizedException({
        error: `A valid ${INTERNAL_TOKEN_HEADER} header is required`,
        code: 'UNAUTHORIZED',
      });
    }
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
