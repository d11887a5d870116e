import { Injectable } from '@nestjs/common';
import { InvalidInputError, type VersionCondition } from '@fleetcache/core';
import { BoundedDb, VersionedRepository } from '@fleetcache/db';
import type { EntityManager } from 'typeorm';
import { MAX_NORMALIZED_EMAIL_LENGTH, normalizeEmail } from '../email/normalize-email';
import { UserEntity } from '../entities/user.entity';
import { EmailTakenError, UserNotFoundError } from '../errors/user.errors';

/** Fields a client may set. */
export interface UserFields {
  name: string;
  email: string;
  age?: number | null;
  city?: string | null;
}

/**
 * Access to `users`: every write bumps `version` inside the caller's transaction, and every write of `email` also
 * writes its uniqueness key `email_normalized` (one statement, so the unique index decides races).
 */
@Injectable()
export class UsersRepository extends VersionedRepository<UserEntity, UserFields> {
  constructor(db: BoundedDb) {
    super(db, UserEntity, {
      notFound: (id) => new UserNotFoundError(id),
      duplicate: (_fields, cause) => new EmailTakenError(cause),
    });
  }

  override create(tx: EntityManager, fields: UserFields): Promise<UserEntity> {
    return super.create(tx, withEmailKey(fields));
  }

  override update(
    tx: EntityManager,
    id: number,
    patch: Partial<UserFields>,
    condition?: VersionCondition,
  ): Promise<UserEntity> {
    return super.update(tx, id, withEmailKey(patch), condition);
  }
}

/** `fields` plus `emailNormalized` when they set `email`. */
function withEmailKey<P extends Partial<UserFields>>(fields: P): P {
  if (fields.email === undefined) return fields;
  const emailNormalized = normalizeEmail(fields.email);
  if (emailNormalized.length > MAX_NORMALIZED_EMAIL_LENGTH)
    throw new InvalidInputError(
      `email is too long once its domain is in IDNA ASCII form (${emailNormalized.length} characters, at most ${MAX_NORMALIZED_EMAIL_LENGTH})`,
    );
  return { ...fields, emailNormalized };
}
