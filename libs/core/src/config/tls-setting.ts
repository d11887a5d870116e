import { accessSync, constants } from 'node:fs';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/** What a TLS setting of the environment must satisfy besides being a non-empty string. */
export interface TlsSettingRule {
  /** The switch it belongs to: it may be set only while that switch is true (no one believes TLS is on when it is not). */
  flag: string;
  /** A path that must be readable (a PEM file). */
  file?: boolean;
  /** A setting it comes with (a client certificate and its key). */
  partner?: string;
}

/**
 * Validates an optional TLS setting of the environment (use it with `@IsOptional()`: an unset one is not checked):
 * DB_TLS_* and REDIS_TLS_* alike.
 */
export function TlsSetting(rule: TlsSettingRule): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'tlsSetting',
      target: target.constructor,
      propertyName: String(property),
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          tlsSettingProblem(value, args, rule) === undefined,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${tlsSettingProblem(args.value, args, rule)}`,
      },
    });
}

function tlsSettingProblem(
  value: unknown,
  args: ValidationArguments,
  rule: TlsSettingRule,
): string | undefined {
  const env = args.object as Record<string, unknown>;
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty string';
  if (env[rule.flag] !== true) return `is set, but ${rule.flag} is not true`;
  const partner = rule.partner ? env[rule.partner] : 'none';
  if (typeof partner !== 'string' || partner.trim() === '') return `needs ${rule.partner} too`;
  if (rule.file) {
    try {
      accessSync(value, constants.R_OK);
    } catch (error) {
      return `cannot be read: ${value} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
  }
  return undefined;
}
