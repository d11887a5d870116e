import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';

const PRIMITIVES = new Set<unknown>([String, Number, Boolean]);

/**
 * Global validation (invariant I6): unknown fields are rejected, types are not coerced, every problem is listed,
 * and a body that is not a JSON object is refused with a clear message.
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) =>
        new BadRequestException({
          error: 'Invalid request body',
          code: 'VALIDATION_FAILED',
          details: errors.flatMap((e) => describe(e)),
        }),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new BadRequestException({
        error: 'Request body must be a JSON object',
        code: 'INVALID_BODY',
        details: [],
      });
    }
    // Path and query scalars are parsed by dedicated pipes; coercing them here would turn "abc" into NaN.
    if (metadata.type !== 'body' && PRIMITIVES.has(metadata.metatype)) return value;
    return super.transform(value, metadata);
  }
}

function describe(error: ValidationError, parent = ''): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message.replace(error.property, path) : `${path}: ${message}`,
  );
  return own.concat((error.children ?? []).flatMap((child) => describe(child, path)));
}
