import { JwtService, type JwtVerifyOptions } from '@nestjs/jwt';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiAuthEnv } from './api-auth.env';

/** What a valid bearer token may do. */
export interface Grant {
  /** How the caller proved who it is. */
  kind: 'api-key' | 'jwt';
  /** Whether it may write. */
  canWrite: boolean;
}

/** Checks bearer tokens: API keys against their SHA-256 digests, JWTs against the configured public key. */
export class CredentialVerifier {
  private readonly keyDigests: Buffer[];
  private readonly jwt?: { service: JwtService; options: JwtVerifyOptions };

  constructor(private readonly env: ApiAuthEnv) {
    this.keyDigests = (env.API_KEY_SHA256 ?? '')
      .split(',')
      .filter(Boolean)
      .map((hex) => Buffer.from(hex, 'hex'));
    if (env.JWT_PUBLIC_KEY) {
      this.jwt = {
        service: new JwtService({}),
        options: {
          publicKey: env.JWT_PUBLIC_KEY.replace(/\\n/g, '\n'),
          algorithms: env.JWT_ALGORITHMS.split(',') as JwtVerifyOptions['algorithms'],
          issuer: env.JWT_ISSUER,
          audience: env.JWT_AUDIENCE,
        },
      };
    }
  }

  /** The grant of a bearer token, or undefined when it is not valid. */
  async verify(token: string): Promise<Grant | undefined> {
    if (this.jwt && token.split('.').length === 3) return this.verifyJwt(token);
    return this.isApiKey(token) ? { kind: 'api-key', canWrite: true } : undefined;
  }

  /** Every digest is compared, whichever matches: the time taken does not say which. */
  private isApiKey(token: string): boolean {
    const digest = createHash('sha256').update(token).digest();
    return this.keyDigests.filter((expected) => timingSafeEqual(digest, expected)).length > 0;
  }

  private async verifyJwt(token: string): Promise<Grant | undefined> {
    const { service, options } = this.jwt as NonNullable<typeof this.jwt>;
    try {
      const claims = await service.verifyAsync<{ scope?: unknown; scp?: unknown; exp?: unknown }>(
        token,
        options,
      );
      // jsonwebtoken checks `exp` only when a token has one: a token without it would be valid forever.
      if (typeof claims.exp !== 'number') return undefined;
      return { kind: 'jwt', canWrite: scopesOf(claims).includes(this.env.JWT_WRITE_SCOPE) };
    } catch {
      return undefined;
    }
  }
}

/** The scopes of a JWT: `scope` as a space-separated string (RFC 8693) or `scp` as a list. */
function scopesOf(claims: { scope?: unknown; scp?: unknown }): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ');
  if (Array.isArray(claims.scp)) return claims.scp.filter((s): s is string => typeof s === 'string');
  return [];
}
