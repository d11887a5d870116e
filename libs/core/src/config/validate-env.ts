import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** A class whose decorated properties describe (part of) the environment. */
export type EnvClass<T extends object = object> = new () => T;

/** Raised at start when the environment does not satisfy the declared schema. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Validates raw environment variables against one or more schema classes and returns the merged, typed
 * result. Unknown variables are ignored; every problem is reported at once.
 */
export function validateEnv<T extends object>(raw: Record<string, unknown>, ...schemas: EnvClass[]): T {
  const merged: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const schema of schemas) {
    const instance = plainToInstance(schema, raw, { exposeDefaultValues: true });
    problems.push(...validateSync(instance, { skipMissingProperties: false }).flatMap(describe));
    Object.assign(merged, pickDeclared(instance, schema));
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return merged as T;
}

function pickDeclared(instance: object, schema: EnvClass): Record<string, unknown> {
  const declared = Object.keys(new schema());
  return Object.fromEntries(declared.map((key) => [key, (instance as Record<string, unknown>)[key]]));
}

function describe(error: ValidationError): string[] {
  const own = Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`);
  return own.concat((error.children ?? []).flatMap(describe));
}
