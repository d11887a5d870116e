import { registerDecorator, type ValidationArguments } from 'class-validator';

/** Shortest secret accepted outside production (local runs, tests). */
export const MIN_SECRET_CHARS = 16;
/** Shortest secret accepted when NODE_ENV=production. */
export const MIN_PRODUCTION_SECRET_CHARS = 32;
/** Values that are examples or local defaults, never secrets: refused when NODE_ENV=production. */
const PLACEHOLDER = /change-?me|placeholder|example|^fleetcache-(local|bench|test)|^test-|secret$/i;
/** Fewer distinct characters than this is not random (e.g. "xxxx…" or "abababab…"). */
const MIN_DISTINCT_CHARS = 10;

/** Why `value` is not acceptable as a shared secret, or undefined when it is. */
export function secretProblem(value: unknown, production: boolean): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  const min = production ? MIN_PRODUCTION_SECRET_CHARS : MIN_SECRET_CHARS;
  if (value.length < min)
    return `must be at least ${min} characters${production ? ' in production (NODE_ENV=production)' : ''}`;
  if (!production) return undefined;
  if (PLACEHOLDER.test(value)) return 'is an example or local default value, refused in production';
  if (new Set(value).size < MIN_DISTINCT_CHARS) return 'is not random enough for production';
  return undefined;
}

/**
 * A shared secret: at least MIN_SECRET_CHARS; with NODE_ENV=production at least MIN_PRODUCTION_SECRET_CHARS, random
 * looking and no known placeholder. Combine with `@IsOptional()` for a secret that may be absent.
 */
export function IsDeploymentSecret(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDeploymentSecret',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          secretProblem(value, isProduction(args)) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${secretProblem(args.value, isProduction(args))}`,
      },
    });
}

function isProduction(args: ValidationArguments): boolean {
  return (args.object as Record<string, unknown>)['NODE_ENV'] === 'production';
}
