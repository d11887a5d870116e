import { Injectable } from '@nestjs/common';
import { EntityCache, Rankings } from '@fleetcache/cache';
import { CachedEntityService } from '@fleetcache/entity-api';
import { Outbox } from '@fleetcache/events';
import {
  toUserView,
  UserNotFoundError,
  UsersRepository,
  type UserEntity,
  type UserFields,
  type UserView,
} from '@fleetcache/user-data-access';

/** Cache entity type of users (selects the TTL policy, the key tag and the event type). */
export const USER_ENTITY = 'user';

/** Share of user reads sampled into the hot-key ranking that the cache-warmer warms at start. */
export const USER_READ_SAMPLE_RATE = 0.1;

/** Users through the cache: cache-aside reads, outbox events, write-through after commit, tombstones on delete. */
@Injectable()
export class UsersService extends CachedEntityService<UserEntity, UserFields, UserView> {
  constructor(users: UsersRepository, cache: EntityCache, outbox: Outbox, rankings: Rankings) {
    super(
      {
        entity: USER_ENTITY,
        toView: toUserView,
        notFound: (id) => new UserNotFoundError(id),
        fieldNames: ['name', 'email', 'age', 'city'],
        readSampleRate: USER_READ_SAMPLE_RATE,
      },
      users,
      cache,
      outbox,
      rankings,
    );
  }
}
