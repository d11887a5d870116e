import { HttpException, Injectable, type ExecutionContext } from '@nestjs/common';
import { normalizeIp, ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isHealthRoute } from '../health/health.options';
import { arrivedOnInternalPort } from '../http/internal-port';

/**
 * @nestjs/throttler's guard for the public port: clients are told apart by address (Fastify's `request.ip`, which
 * honours HTTP_TRUSTED_PROXY_HOPS), health probes and the internal port are never limited, and a client over a
 * limit gets 429 with `Retry-After` and the usual error body.
 */
@Injectable()
export class ClientRateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return arrivedOnInternalPort(request) || isHealthRoute(request.routeOptions.url);
  }

  /**
   * The client's address: an IPv6 client is its /64 (one host holds a whole /64 and could otherwise rotate through
   * it), and anything that is not an address (a forged X-Forwarded-For) counts as the socket's peer.
   */
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { ip, socket } = request as unknown as FastifyRequest;
    const address = isIP(ip) ? ip : (socket.remoteAddress ?? 'unknown');
    return normalizeIp(address, this.ipv6SubnetPrefix);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(seconds));
    throw new HttpException(
      {
        error: `Too many requests: at most ${detail.limit} in ${Math.round(detail.ttl / 1000)} s from one client; retry in ${seconds} s`,
        code: 'RATE_LIMITED',
      },
      429,
    );
  }
}
