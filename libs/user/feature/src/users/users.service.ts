import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '@fleetcache/core';
import { EntityCache, type BatchResult, type CacheEntry, type LoadResult } from '@fleetcache/cache';
import { toUserView, UserNotFoundError, UsersRepository, type UserEntity, type UserFields, type UserView } from '@fleetcache/user-data-access';
import type { CreateUserDto } from '../dto/create-user.dto';
import type { UpdateUserDto } from '../dto/update-user.dto';

/** Cache entity type of users (selects the TTL policy and the key tag). */
export const USER_ENTITY = 'user';

function toEntry(user: UserEntity): CacheEntry {
  return { version: user.version, json: JSON.stringify(toUserView(user)) };
}

/** Users through the cache: cache-aside reads, write-through after commit, tombstones on delete. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly cache: EntityCache,
  ) {}

  /** One user, from Redis or MySQL. Throws UserNotFoundError. */
  async getById(id: number): Promise<LoadResult & { entry: CacheEntry }> {
    const result = await this.cache.getOrLoad(USER_ENTITY, id, async () => {
      const user = await this.users.findById(id);
      return user ? toEntry(user) : null;
    });
    if (!result.entry) throw new UserNotFoundError(id);
    return result as LoadResult & { entry: CacheEntry };
  }

  /** Many users in request order (null where absent); all misses are loaded with one query. */
  getMany(ids: readonly number[]): Promise<BatchResult> {
    return this.cache.getMany(USER_ENTITY, ids, async (missing) => {
      const rows = await this.users.findByIds(missing);
      return new Map(rows.map((row) => [row.id, toEntry(row)]));
    });
  }

  /** Creates a user and writes it through to the cache. */
  async create(dto: CreateUserDto): Promise<UserView> {
    const user = await this.users.create(dto as UserFields);
    await this.cache.set(USER_ENTITY, user.id, toEntry(user));
    return toUserView(user);
  }

  /** Updates a user (version + 1) and, after commit, writes the new version through (read-your-writes, I1). */
  async update(id: number, dto: UpdateUserDto): Promise<UserView> {
    const patch = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<UserFields>;
    if (Object.keys(patch).length === 0) {
      throw new InvalidInputError('Request body must contain at least one of: name, email, age, city');
    }
    const user = await this.users.transaction((tx) => this.users.update(tx, id, patch));
    await this.cache.set(USER_ENTITY, id, toEntry(user));
    return toUserView(user);
  }

  /** Deletes a user and leaves a tombstone so that no late fill brings it back. */
  async remove(id: number): Promise<void> {
    const version = await this.users.transaction((tx) => this.users.delete(tx, id));
    await this.cache.invalidate(USER_ENTITY, id, version);
  }
}
