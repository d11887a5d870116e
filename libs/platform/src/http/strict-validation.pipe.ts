import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

const PRIMITIVES = new Set<unknown>([String, Number, Boolean]);

/** Most problems listed in a 400's details; the rest are counted in one last line. */
export const MAX_ERROR_DETAILS = 10;

/**
 * Global validation (invariant I6): unknown fields are rejected, types are not coerced, every problem is listed (up
 * to MAX_ERROR_DETAILS), and a body that is not a JSON object is refused with a clear message.
 */
export class StrictValidationPipe extends ValidationPipe {
  private readonly knownFields = new WeakMap<object, ReadonlySet<string>>();

  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => invalidBody(errors.flatMap((e) => describe(e))),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new BadRequestException({
          error: 'Request body must be a JSON object',
          code: 'INVALID_BODY',
          details: [],
        });
      }
      const unknown = this.unknownFields(value as Record<string, unknown>, metadata.metatype);
      if (unknown.length > 0)
        throw await this.withOtherProblems(unknown, value as Record<string, unknown>, metadata);
    }
    // Path and query scalars are parsed by dedicated pipes; coercing them here would turn "abc" into NaN.
    if (metadata.type !== 'body' && PRIMITIVES.has(metadata.metatype)) return value;
    return super.transform(value, metadata);
  }

  /**
   * The raw body's own keys that the DTO does not declare, found before class-transformer runs: it would drop keys
   * such as "constructor" or "toString" silently, and thousands of unknown keys would cost a validation each.
   */
  private unknownFields(body: Record<string, unknown>, metatype: unknown): string[] {
    if (typeof metatype !== 'function') return [];
    const known = this.fieldsOf(metatype);
    return known.size === 0 ? [] : Object.keys(body).filter((key) => !known.has(key));
  }

  /** The 400 for unknown fields, listing also what is wrong with the known ones (when there are few unknown). */
  private async withOtherProblems(
    unknown: string[],
    body: Record<string, unknown>,
    metadata: ArgumentMetadata,
  ): Promise<BadRequestException> {
    const problems = unknown.map((key) => `${printable(key)}: property ${printable(key)} should not exist`);
    if (unknown.length > MAX_ERROR_DETAILS) return invalidBody(problems);
    const rest = Object.fromEntries(Object.entries(body).filter(([key]) => !unknown.includes(key)));
    const others = await super.transform(rest, metadata).then(
      () => [],
      (error: unknown) => detailsOf(error),
    );
    return invalidBody([...problems, ...others]);
  }

  private fieldsOf(metatype: object): ReadonlySet<string> {
    let fields = this.knownFields.get(metatype);
    if (!fields) {
      const rules = getMetadataStorage().getTargetValidationMetadatas(
        metatype as new () => unknown,
        '',
        true,
        false,
      );
      fields = new Set(rules.map((rule) => rule.propertyName));
      this.knownFields.set(metatype, fields);
    }
    return fields;
  }
}

/** The 400 of an invalid body: the first MAX_ERROR_DETAILS problems, then how many more there are. */
function invalidBody(problems: string[]): BadRequestException {
  const details = problems.slice(0, MAX_ERROR_DETAILS);
  if (problems.length > MAX_ERROR_DETAILS) details.push(`and ${problems.length - MAX_ERROR_DETAILS} more`);
  return new BadRequestException({ error: 'Invalid request body', code: 'VALIDATION_FAILED', details });
}

function detailsOf(error: unknown): string[] {
  if (!(error instanceof BadRequestException)) throw error;
  const details = (error.getResponse() as { details?: unknown }).details;
  return Array.isArray(details) ? details.map(String) : [];
}

/** A field name as it may appear in a message: at most 40 characters. */
function printable(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

function describe(error: ValidationError, parent = ''): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message.replace(error.property, path) : `${path}: ${message}`,
  );
  return own.concat((error.children ?? []).flatMap((child) => describe(child, path)));
}
