import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * At most `max` characters as MySQL counts them in a utf8mb4 VARCHAR (code points). class-validator's MaxLength
 * counts some sequences (e.g. a character plus U+FE0F) as one and would let too-long values reach the database.
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxChars',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && [...value].length <= max,
        defaultMessage: (args) => `${args?.property} must be at most ${max} characters`,
      },
    },
    options,
  );
}
