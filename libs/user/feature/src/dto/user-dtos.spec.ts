import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateUserDto } from './create-user.dto';
import { UpdateUserDto } from './update-user.dto';

const problems = (cls: new () => object, body: object) =>
  validateSync(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );

describe('user DTOs', () => {
  it('accept the reference users', () => {
    expect(
      problems(CreateUserDto, { name: 'Kim', email: 'kim@example.com', age: 28, city: 'Seoul' }),
    ).toEqual([]);
    expect(problems(CreateUserDto, { name: 'Lee', email: 'lee@example.com', age: null, city: null })).toEqual(
      [],
    );
  });

  it.each([
    [{ email: 'a@b.co' }, /name must be a string/],
    [{ name: ' ', email: 'a@b.co' }, /name must not be blank/],
    [{ name: 'x'.repeat(101), email: 'a@b.co' }, /name must be at most 100 characters/],
    [{ name: 'X', email: 'nope' }, /email must be a valid email address/],
    [{ name: 'X', email: 'a@b.co', age: 1.5 }, /age must be an integer/],
    [{ name: 'X', email: 'a@b.co', age: 151 }, /age must not be greater than 150/],
  ])('create rejects %j', (body, message) => {
    expect(problems(CreateUserDto, body).join('\n')).toMatch(message);
  });

  it('update allows any subset, and null only where the column is nullable', () => {
    expect(problems(UpdateUserDto, { city: null, age: null })).toEqual([]);
    expect(problems(UpdateUserDto, {})).toEqual([]);
    expect(problems(UpdateUserDto, { name: null }).join()).toMatch(/name must be a string/);
    expect(problems(UpdateUserDto, { email: null }).join()).toMatch(/email must be a valid email/);
  });
});
