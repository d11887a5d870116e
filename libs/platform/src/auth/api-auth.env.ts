import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { createPublicKey } from 'node:crypto';

const HEX_SHA256_LIST = /^[0-9a-f]{64}(,[0-9a-f]{64})*$/;
/** The example digest of the example files: never a real key's. */
const EXAMPLE_DIGEST = '0'.repeat(64);

type Source = Record<string, unknown>;

/** API_AUTH other than `off` needs something a token can be checked against. */
const HasCredentials = () =>
  ValidateBy({
    name: 'hasCredentials',
    validator: {
      validate: (value, args) =>
        value === 'off' ||
        !!(args?.object as Source)['API_KEY_SHA256'] ||
        !!(args?.object as Source)['JWT_PUBLIC_KEY'],
      defaultMessage: (args) =>
        `API_AUTH=${String(args?.value)} needs API_KEY_SHA256 or JWT_PUBLIC_KEY (no token could pass)`,
    },
  });

/** No example digest with NODE_ENV=production. */
const NoExampleDigest = () =>
  ValidateBy({
    name: 'noExampleDigest',
    validator: {
      validate: (value, args) =>
        (args?.object as Source)['NODE_ENV'] !== 'production' ||
        !String(value).split(',').includes(EXAMPLE_DIGEST),
      defaultMessage: () => 'API_KEY_SHA256 holds the example digest (all zeros), refused in production',
    },
  });

/** A PEM public key that Node can load (a broken one would make every JWT a silent 401). */
const IsPublicKeyPem = () =>
  ValidateBy({
    name: 'isPublicKeyPem',
    validator: {
      validate: (value) => {
        try {
          return createPublicKey(String(value).replace(/\\n/g, '\n')).type === 'public';
        } catch {
          return false;
        }
      },
      defaultMessage: () =>
        'JWT_PUBLIC_KEY must be a PEM public key (RSA or EC; "\\n" may stand for line breaks)',
    },
  });

/** Who may call the public API: which requests need `Authorization: Bearer <token>`, and what tokens are valid. */
export class ApiAuthEnv {
  /** `off`: nothing needs credentials; `writes`: POST, PUT, PATCH and DELETE do; `all`: every request does. */
  @IsIn(['off', 'writes', 'all']) @HasCredentials() API_AUTH: 'off' | 'writes' | 'all' = 'off';
  /**
   * Accepted API keys, as lower-case hex SHA-256 digests separated by commas (the keys themselves are never
   * configured; several at once for rotation). `printf %s "$KEY" | sha256sum` gives a key's digest.
   */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s+/g, '').toLowerCase() : value))
  @Matches(HEX_SHA256_LIST, {
    message: 'API_KEY_SHA256 must be comma-separated SHA-256 hex digests (64 hex each)',
  })
  @NoExampleDigest()
  API_KEY_SHA256?: string = undefined;
  /** Public key (PEM) that verifies JWTs; with it, a JWT signed by the matching private key is a credential. */
  @IsOptional() @IsPublicKeyPem() JWT_PUBLIC_KEY?: string = undefined;
  /** The `iss` a JWT must carry. Required with JWT_PUBLIC_KEY. */
  @ValidateIf((env: ApiAuthEnv) => env.JWT_ISSUER !== undefined || env.JWT_PUBLIC_KEY !== undefined)
  @IsString({ message: 'JWT_ISSUER is required with JWT_PUBLIC_KEY' })
  @MinLength(1)
  JWT_ISSUER?: string = undefined;
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
