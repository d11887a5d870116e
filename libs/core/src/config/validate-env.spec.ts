import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EnvBool, EnvInt } from './env-transforms';
import { ConfigValidationError, validateEnv } from './validate-env';

class HttpEnv {
  @EnvInt() @IsInt() @Min(1) @Max(65535) PORT = 3001;
  @IsOptional() @IsString() HOST?: string = '127.0.0.1';
}
class FlagEnv {
  @EnvBool() @IsBoolean() FLAG = false;
}

describe('validateEnv', () => {
  it('applies defaults and converts types', () => {
    expect(validateEnv({ FLAG: 'TRUE', OTHER: 'x' }, HttpEnv, FlagEnv)).toEqual({
      PORT: 3001,
      HOST: '127.0.0.1',
      FLAG: true,
    });
  });

  it('reports every problem at once', () => {
    try {
      validateEnv({ PORT: 'abc' }, HttpEnv);
      fail('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).problems.join()).toMatch(/PORT/);
    }
  });
});
