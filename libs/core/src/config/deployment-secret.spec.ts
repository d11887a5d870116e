import { IsOptional } from 'class-validator';
import { validateEnv } from './validate-env';
import { IsDeploymentSecret } from './deployment-secret';

class Env {
  @IsDeploymentSecret() TOKEN!: string;
  @IsOptional() @IsDeploymentSecret() PREVIOUS?: string;
}

const RANDOM = 'q7Vd2xK9mPz4LwB8nR3tY6hJ1cF5gS0a';

describe('IsDeploymentSecret', () => {
  it('accepts 16 characters outside production, 32 random ones in production', () => {
    expect(validateEnv({ TOKEN: 'local-token-0123' }, Env)).toMatchObject({ TOKEN: 'local-token-0123' });
    expect(validateEnv({ TOKEN: RANDOM, NODE_ENV: 'production' }, Env)).toMatchObject({ TOKEN: RANDOM });
  });

  it.each([
    ['too short anywhere', { TOKEN: 'short' }, /at least 16/],
    ['too short in production', { TOKEN: 'a1b2c3d4e5f6g7h8i9', NODE_ENV: 'production' }, /at least 32/],
    [
      'a placeholder in production',
      { TOKEN: 'change-me-internal-token-0123456789', NODE_ENV: 'production' },
      /example or local default/,
    ],
    [
      'the local default in production',
      { TOKEN: 'fleetcache-local-internal-token-with-more-chars', NODE_ENV: 'production' },
      /example or local default/,
    ],
    [
      'a repeated character in production',
      { TOKEN: 'x'.repeat(40), NODE_ENV: 'production' },
      /not random enough/,
    ],
    [
      'a weak previous token in production',
      { TOKEN: RANDOM, PREVIOUS: 'change-me-previous-token-000000000', NODE_ENV: 'production' },
      /PREVIOUS/,
    ],
  ])('refuses %s', (_name, source, message) => {
    expect(() => validateEnv(source, Env)).toThrow(message);
  });
});
