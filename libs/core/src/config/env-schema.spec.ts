import { IsInt, Min } from 'class-validator';
import { EnvInt } from './env-transforms';
import { defineEnvSchema } from './env-schema';
import { ConfigValidationError, validateEnv } from './validate-env';

describe('defineEnvSchema', () => {
  const schema = defineEnvSchema('OrderEnv', {
    ORDER_LIMIT: { default: 5, decorators: [EnvInt(), IsInt(), Min(1)] },
  });

  it('validates like a hand-written schema, with its defaults', () => {
    expect(schema.name).toBe('OrderEnv');
    expect(Object.keys(new schema())).toEqual(['ORDER_LIMIT']);
    expect(validateEnv({}, schema)).toEqual({ ORDER_LIMIT: 5 });
    expect(validateEnv({ ORDER_LIMIT: '12' }, schema)).toEqual({ ORDER_LIMIT: 12 });
    expect(() => validateEnv({ ORDER_LIMIT: '0' }, schema)).toThrow(ConfigValidationError);
    expect(() => validateEnv({ ORDER_LIMIT: '0' }, schema)).toThrow(/ORDER_LIMIT/);
  });
});
