import { Injectable } from '@nestjs/common';
import { BoundedDb, VersionedRepository } from '@fleetcache/db';
import { UserEntity } from '../entities/user.entity';
import { EmailTakenError, UserNotFoundError } from '../errors/user.errors';

/** Fields a client may set. */
export interface UserFields {
  name: string;
  email: string;
  age?: number | null;
  city?: string | null;
}

/** Access to `users`: every write bumps `version` inside the caller's transaction. */
@Injectable()
export class UsersRepository extends VersionedRepository<UserEntity, UserFields> {
  constructor(db: BoundedDb) {
    super(db, UserEntity, {
      notFound: (id) => new UserNotFoundError(id),
      duplicate: (fields, cause) => new EmailTakenError(fields.email ?? '', cause),
    });
  }
}
