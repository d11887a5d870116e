/** What went wrong, independent of transport; the HTTP edge maps each kind to a status code. */
export type ErrorKind =
  'invalid_input' | 'not_found' | 'conflict' | 'precondition_failed' | 'unavailable' | 'internal';

/** Base of every typed error: a stable machine-readable `code`, a kind, context and the cause. */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;

  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that passed transport parsing but is semantically invalid. */
export class InvalidInputError extends AppError {
  readonly code = 'INVALID_INPUT';
  readonly kind = 'invalid_input' as const;
}

/**
 * A conditional write (If-Match) met another version than the ones it names: someone changed the entity meanwhile,
 * or the header named only weak tags (never a match: If-Match compares strongly).
 */
export class PreconditionFailedError extends AppError {
  readonly code = 'VERSION_MISMATCH';
  readonly kind = 'precondition_failed' as const;

  constructor(id: number, expected: number | readonly number[], current: number) {
    const versions = typeof expected === 'number' ? [expected] : [...expected];
    super(`Version mismatch: ${expectation(versions, current)}`, { id, expected: versions, current });
  }
}

function expectation(versions: number[], current: number): string {
  if (versions.length === 1)
    return `If-Match expects version ${versions[0]}, the current version is ${current}`;
  if (versions.length > 1)
    return `If-Match expects one of versions ${versions.join(', ')}, the current version is ${current}`;
  return (
    `If-Match names no strong entity tag of a version, the current version is ${current}: ` +
    `a weak tag such as W/"${current}" never matches (If-Match compares strongly), "${current}" does`
  );
}

/** This process is at its limit for the work asked (load shedding): the client should retry shortly. */
export class OverloadedError extends AppError {
  readonly code = 'OVERLOADED';
  readonly kind = 'unavailable' as const;
}
