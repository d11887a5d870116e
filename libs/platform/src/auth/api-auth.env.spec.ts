import { generateKeyPairSync } from 'node:crypto';
import { validateEnv } from '@fleetcache/core';
import { ServiceEnv } from '../config/service.env';
import { ApiAuthEnv } from './api-auth.env';

const DIGEST = 'a'.repeat(64);
const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
  type: 'spki',
  format: 'pem',
}) as string;

describe('ApiAuthEnv', () => {
  it.each<[string, Record<string, string>]>([
    ['auth off', {}],
    ['API keys', { API_AUTH: 'writes', API_KEY_SHA256: `${DIGEST}, ${'B'.repeat(64)}` }],
    ['a JWT verifier', { API_AUTH: 'all', JWT_PUBLIC_KEY: PEM, JWT_ISSUER: 'https://issuer.test' }],
    [
      'a PEM with escaped line breaks',
      { API_AUTH: 'writes', JWT_PUBLIC_KEY: PEM.replace(/\n/g, '\\n'), JWT_ISSUER: 'i' },
    ],
  ])('accepts %s', (_name, source) => {
    expect(() => validateEnv(source, ApiAuthEnv)).not.toThrow();
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['auth on without any credential', { API_AUTH: 'writes' }, /needs API_KEY_SHA256 or JWT_PUBLIC_KEY/],
    ['a digest that is not hex', { API_KEY_SHA256: 'xyz' }, /SHA-256 hex digests/],
    [
      'the example digest in production',
      { API_KEY_SHA256: '0'.repeat(64), NODE_ENV: 'production' },
      /example digest/,
    ],
    ['a JWT key without an issuer', { JWT_PUBLIC_KEY: PEM }, /JWT_ISSUER is required/],
    [
      'a JWT key that is no PEM',
      { JWT_PUBLIC_KEY: 'x'.repeat(80), JWT_ISSUER: 'i' },
      /must be a PEM public key/,
    ],
    ['a symmetric algorithm', { JWT_ALGORITHMS: 'HS256' }, /RS\*, PS\* or ES\*/],
  ])('refuses %s', (_name, source, message) => {
    expect(() => validateEnv(source, ApiAuthEnv)).toThrow(message);
  });
});

describe('ServiceEnv', () => {
  it('refuses an internal port equal to the public one, accepts 0 for both (free ports)', () => {
    expect(() => validateEnv({ PORT: '3001', INTERNAL_PORT: '3001' }, ServiceEnv)).toThrow(
      /must differ from PORT/,
    );
    expect(() => validateEnv({ PORT: '0', INTERNAL_PORT: '0' }, ServiceEnv)).not.toThrow();
  });
});
