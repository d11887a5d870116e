import { BadRequestException } from '@nestjs/common';
import { IsString } from 'class-validator';
import { StrictValidationPipe } from './strict-validation.pipe';

class Dto {
  @IsString() name: string;
}

describe('StrictValidationPipe', () => {
  const pipe = new StrictValidationPipe();
  const body = { type: 'body' as const, metatype: Dto };

  it('accepts a valid body', async () => {
    await expect(pipe.transform({ name: 'Kim' }, body)).resolves.toEqual({ name: 'Kim' });
  });

  it.each([[[{ name: 'Kim' }]], ['text'], [null], [undefined]])('refuses %j as a body', async (value) => {
    await expect(pipe.transform(value, body)).rejects.toThrow(BadRequestException);
  });

  it('lists unknown fields and type errors', async () => {
    const error = await pipe
      .transform({ name: 1, admin: true }, body)
      .catch((e: BadRequestException) => e.getResponse());
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining(['admin: property admin should not exist', 'name must be a string']),
    });
  });

  it('leaves scalar path parameters to their own pipes (no coercion of "abc" to NaN)', async () => {
    await expect(pipe.transform('abc', { type: 'param', metatype: Number, data: 'id' })).resolves.toBe('abc');
  });
});
