import { AppError } from '@fleetcache/core';

/** No user has this id. */
export class UserNotFoundError extends AppError {
  readonly code = 'USER_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor(id: number) {
    super('User not found', { id });
  }
}

/** Another user already has this email. */
export class EmailTakenError extends AppError {
  readonly code = 'EMAIL_TAKEN';
  readonly kind = 'conflict' as const;

  constructor(email: string, cause?: unknown) {
    super(`Email ${email} is already in use`, { email }, { cause });
  }
}
