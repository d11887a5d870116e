import { Injectable } from '@nestjs/common';
import { DerivedCache, EntityCache, Rankings } from '@fleetcache/cache';
import { CachedEntityService } from '@fleetcache/entity-api';
import { Outbox } from '@fleetcache/outbox';
import { USER_ENTITY_TYPE } from '@fleetcache/user-contract';
import {
  toUserView,
  UserNotFoundError,
  UsersRepository,
  type UserEntity,
  type UserFields,
  type UserView,
} from '@fleetcache/user-data-access';

/** Share of user reads sampled into the hot-key ranking that the cache-warmer warms at start. */
export const USER_READ_SAMPLE_RATE = 0.1;

/** Users through the cache: cache-aside reads, outbox events, write-through after commit, tombstones on delete. */
@Injectable()
export class UsersService extends CachedEntityService<UserEntity, UserFields, UserView> {
  constructor(
    users: UsersRepository,
    cache: EntityCache,
    outbox: Outbox,
    rankings: Rankings,
    derived: DerivedCache,
  ) {
    super(
      {
        type: USER_ENTITY_TYPE,
        toView: toUserView,
        notFound: (id) => new UserNotFoundError(id),
        fieldNames: ['name', 'email', 'age', 'city'],
        readSampleRate: USER_READ_SAMPLE_RATE,
      },
      users,
      cache,
      outbox,
      rankings,
      derived,
    );
  }
}
