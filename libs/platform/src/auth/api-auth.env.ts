import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';

const HEX_SHA256_LIST = /^[0-9a-f]{64}(,[0-9a-f]{64})*$/;

/** Who may call the public API: which requests need `Authorization: Bearer <token>`, and what tokens are valid. */
export class ApiAuthEnv {
  /** `off`: nothing needs credentials; `writes`: POST, PUT, PATCH and DELETE do; `all`: every request does. */
  @IsIn(['off', 'writes', 'all']) API_AUTH: 'off' | 'writes' | 'all' = 'off';
  /**
   * Accepted API keys, as lower-case hex SHA-256 digests separated by commas (the keys themselves are never
   * configured; several at once for rotation). `printf %s "$KEY" | sha256sum` gives a key's digest.
   */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s+/g, '').toLowerCase() : value))
  @Matches(HEX_SHA256_LIST, {
    message: 'API_KEY_SHA256 must be comma-separated SHA-256 hex digests (64 hex each)',
  })
  API_KEY_SHA256?: string = undefined;
  /** Public key (PEM) that verifies JWTs; with it, a JWT signed by the matching private key is a credential. */
  @IsOptional() @IsString() @MinLength(64) JWT_PUBLIC_KEY?: string = undefined;
  /** The `iss` a JWT must carry. Required with JWT_PUBLIC_KEY. */
  @IsOptional() @IsString() @MinLength(1) JWT_ISSUER?: string = undefined;
  /** The `aud` a JWT must carry; unset: not checked. */
  @IsOptional() @IsString() @MinLength(1) JWT_AUDIENCE?: string = undefined;
  /** Accepted JWT signature algorithms (asymmetric only). */
  @Matches(/^(RS|PS|ES)(256|384|512)(,(RS|PS|ES)(256|384|512))*$/, {
    message: 'JWT_ALGORITHMS must be a comma-separated list of RS*, PS* or ES* algorithms',
  })
  JWT_ALGORITHMS = 'RS256,ES256';
  /** The scope (in the JWT's `scope` or `scp` claim) that allows writes; a JWT without it gets 403 on a write. */
  @IsString() @MinLength(1) JWT_WRITE_SCOPE = 'fleetcache:write';
}
