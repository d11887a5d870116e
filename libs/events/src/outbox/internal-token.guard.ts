import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { OutboxModuleOptions } from '../events.options';
import { OUTBOX_OPTIONS } from './outbox.module-definition';

/** Header that carries the shared internal token. */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

/** Lets a request through only with the shared internal token (compared in constant time). */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(OUTBOX_OPTIONS) options: OutboxModuleOptions) {
    this.expected = Buffer.from(options.internalToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<FastifyRequest>().headers[INTERNAL_TOKEN_HEADER];
    const token = Buffer.from(typeof given === 'string' ? given : '');
    if (token.length !== this.expected.length || !timingSafeEqual(token, this.expected)) {
      throw new UnauthorizedException({
        error: `A valid ${INTERNAL_TOKEN_HEADER} header is required`,
        code: 'UNAUTHORIZED',
      });
    }
    return true;
  }
}
