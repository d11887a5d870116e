import { InvalidInputError } from '@fleetcache/core';
import type { EntityCache } from '@fleetcache/cache';
import { UserNotFoundError, type UserEntity, type UsersRepository } from '@fleetcache/user-data-access';
import { UsersService } from './users.service';

const at = new Date('2026-11-22T00:00:00.000Z');
const row = (version: number, patch: Partial<UserEntity> = {}): UserEntity => ({
  id: 7, name: 'Kim', email: 'kim@example.com', age: 28, city: 'Seoul', createdAt: at, updatedAt: at, version, ...patch,
});

function setup() {
  const order: string[] = [];
  const tx = {};
  const users = {
    findById: jest.fn(async () => null as UserEntity | null),
    transaction: jest.fn(async (work: (t: object) => Promise<unknown>) => {
      const result = await work(tx);
      order.push('commit');
      return result;
    }),
    update: jest.fn(async () => row(2, { city: 'Busan' })),
    delete: jest.fn(async () => 3),
  };
  const cache = {
    getOrLoad: jest.fn(async (_e: string, _id: number, load: () => Promise<unknown>) => ({ entry: await load(), source: 'database' })),
    set: jest.fn(async () => order.push('cache.set') > 0),
    invalidate: jest.fn(async () => order.push('cache.invalidate') > 0),
  };
  const service = new UsersService(users as unknown as UsersRepository, cache as unknown as EntityCache);
  return { service, users, cache, order };
}

describe('UsersService', () => {
  it('throws UserNotFoundError when the loader finds nothing', async () => {
    const { service } = setup();
    await expect(service.getById(7)).rejects.toThrow(UserNotFoundError);
  });

  it('refuses an update with no field', async () => {
    const { service, users } = setup();
    await expect(service.update(7, {})).rejects.toThrow(InvalidInputError);
    await expect(service.update(7, { name: undefined })).rejects.toThrow(/at least one of/);
    expect(users.transaction).not.toHaveBeenCalled();
  });

  it('writes the new version through only after the transaction committed', async () => {
    const { service, cache, order } = setup();
    const view = await service.update(7, { city: 'Busan' });
    expect(view).toMatchObject({ city: 'Busan', version: 2 });
    expect(order).toEqual(['commit', 'cache.set']);
    expect(cache.set).toHaveBeenCalledWith('user', 7, { version: 2, json: JSON.stringify(view) });
  });

  it('leaves a tombstone with the deletion version after commit', async () => {
    const { service, cache, order } = setup();
    await service.remove(7);
    expect(order).toEqual(['commit', 'cache.invalidate']);
    expect(cache.invalidate).toHaveBeenCalledWith('user', 7, 3);
  });
});
