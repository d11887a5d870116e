import { AppError } from '@fleetcache/core';

/** No user has this id. */
export class UserNotFoundError extends AppError {
  readonly code = 'USER_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor(id: number) {
    super('User not found', { id });
  }
}

/**
 * Another user already has this email (as normalized: see normalizeEmail). The message does not repeat the address:
 * a 409 must not echo back whose address it is.
 */
export class EmailTakenError extends AppError {
  readonly code = 'EMAIL_TAKEN';
  readonly kind = 'conflict' as const;

  constructor(cause?: unknown) {
    super('Email is already in use by another user', {}, { cause });
  }
}
