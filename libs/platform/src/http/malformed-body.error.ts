import { AppError } from '@fleetcache/core';

/** A request body refused before validation (encoding, shape, size of its structure): a 400 with its own code. */
export class MalformedBodyError extends AppError {
  readonly kind = 'invalid_input' as const;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
