import { ConfigValidationError, validateEnv } from '@fleetcache/core';
import {
  ASSISTANT_ENV_SCHEMAS,
  assistantSettingsFromEnv,
  type AssistantServiceEnv,
} from '@fleetcache/assistant';

const REQUIRED = {
  INTERNAL_TOKEN: 'test-internal-token-0123456789',
  SESSION_SECRET: 'test-session-secret-0123456789abcdef',
};
const env = (raw: Record<string, string> = {}) =>
  validateEnv<AssistantServiceEnv>({ ...REQUIRED, ...raw }, ...ASSISTANT_ENV_SCHEMAS);

describe('assistant-service configuration', () => {
  it('defaults to ports 3004/9004, the stand-in model, the lexical embedder and the semantic cache', () => {
    const settings = assistantSettingsFromEnv(env());
    expect(env()).toMatchObject({ PORT: 3004, INTERNAL_PORT: 9004, SESSION_COOKIE_SECURE: true });
    expect(settings.chatModel).toMatchObject({ provider: 'stand-in', delayMs: 800 });
    expect(settings.embedder).toEqual({ kind: 'hashing' });
    expect(settings.semanticCache).toMatchObject({ mode: 'semantic', index: 'auto', maxEntries: 10_000 });
    expect(Object.keys(env()).some((key) => key.startsWith('DB_'))).toBe(false);
  });

  it('takes per-tenant policies from SEMANTIC_CACHE_TENANTS', () => {
    const settings = assistantSettingsFromEnv(
      env({ SEMANTIC_CACHE_TENANTS: '{"acme":{"threshold":0.9,"ttlSeconds":60}}' }),
    );
    expect(settings.semanticCache.tenants).toEqual({ acme: { threshold: 0.9, ttlSeconds: 60 } });
  });

  it.each([
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET/],
    [{ ASSISTANT_MODEL_PROVIDER: 'gpt' }, /ASSISTANT_MODEL_PROVIDER/],
    [{ SEMANTIC_CACHE_THRESHOLD: '1.5' }, /SEMANTIC_CACHE_THRESHOLD/],
    [{ SEMANTIC_CACHE_ENTITY_SOURCES: 'product=ftp://x' }, /SEMANTIC_CACHE_ENTITY_SOURCES/],
  ])('refuses %j with the variable named', (raw, message) => {
    expect(() => env(raw)).toThrow(ConfigValidationError);
    expect(() => env(raw)).toThrow(message);
  });

  it.each([
    [{ ASSISTANT_MODEL_PROVIDER: 'openai' }, /ASSISTANT_OPENAI_URL/],
    [{ ASSISTANT_MODEL_PROVIDER: 'bedrock' }, /ASSISTANT_BEDROCK_REGION/],
    [{ ASSISTANT_EMBEDDER: 'onnx' }, /ASSISTANT_EMBEDDER_MODEL_DIR/],
    [{ SEMANTIC_CACHE_TENANTS: '{"acme":{"threshold":7}}' }, /acme.threshold/],
    [{ SEMANTIC_CACHE_TENANTS: '{"acme":{"colour":1}}' }, /acme.colour is not a setting/],
    [{ SEMANTIC_CACHE_TENANTS: '[1' }, /not valid JSON/],
  ])('says what a provider or policy is missing: %j', (raw, message) => {
    expect(() => assistantSettingsFromEnv(env(raw))).toThrow(message);
  });
});
