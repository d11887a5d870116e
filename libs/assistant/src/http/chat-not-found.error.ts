import { AppError } from '@fleetcache/core';

/** No chat session of the signed-in user has this id (it never existed, ended, expired, or is someone else's). */
export class ChatNotFoundError extends AppError {
  readonly code = 'SESSION_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor(id: string) {
    super(`No chat session ${id} of the signed-in user (ended, expired, or never created)`, { id });
  }
}
