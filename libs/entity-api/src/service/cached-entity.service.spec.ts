import { defineEntityType, InvalidInputError } from '@fleetcache/core';
import type { DerivedCache, EntityCache, Rankings } from '@fleetcache/cache';
import type { VersionedRepository } from '@fleetcache/db';
import type { ChangeEvent } from '@fleetcache/events';
import type { Outbox } from '@fleetcache/outbox';
import { CachedEntityService } from './cached-entity.service';

interface Row {
  id: number;
  version: number;
  name: string;
}

class NotFound extends InvalidInputError {}

function setup() {
  const order: string[] = [];
  const events: ChangeEvent[] = [];
  const store = {
    findById: jest.fn(async (): Promise<Row | null> => null),
    transaction: jest.fn(async (work: (tx: object) => Promise<unknown>) => {
      const result = await work({});
      order.push('commit');
      return result;
    }),
    update: jest.fn(async (_tx: object, id: number, patch: Partial<Row>) => ({
      id,
      version: 2,
      name: patch.name ?? 'x',
    })),
    delete: jest.fn(async () => 3),
  };
  const outbox = {
    source: 'test-service',
    append: jest.fn(
      async (_tx: object, event: ChangeEvent) => (order.push(`append ${event.type}`), events.push(event)),
    ),
    committed: jest.fn(() => order.push('publish after commit')),
  };
  const cache = {
    getOrLoad: jest.fn(async (_e: string, _id: number, load: () => Promise<unknown>) => ({
      entry: await load(),
      source: 'database',
    })),
    set: jest.fn(async () => order.push('cache.set') > 0),
    tombstone: jest.fn(async () => order.push('cache.tombstone') > 0),
  };
  const rankings = { record: jest.fn() };
  const derived = {
    invalidate: jest.fn(
      async (name: string, id: number) => order.push(`derived.invalidate ${name} ${id}`) > 0,
    ),
  };
  const definition = {
    type: defineEntityType({
      name: 'widget',
      service: { name: 'widget-service', port: 3999, internalPort: 9999, path: '/widgets' },
      cache: { ttlSeconds: 60, staleAfterSeconds: 0, nearCacheMs: 0 },
      derived: [{ name: 'top:widget', ttlClass: 'top', ttlSeconds: 30 }],
    }),
    toView: (r: Row) => ({ id: r.id, name: r.name, version: r.version }),
    notFound: (id: number) => new NotFound(`no ${id}`),
    fieldNames: ['name'],
    readSampleRate: 1,
  };
  const service = new CachedEntityService<Row, { name: string }, object>(
    definition,
    store as unknown as VersionedRepository<Row, { name: string }>,
    cache as unknown as EntityCache,
    outbox as unknown as Outbox,
    rankings as unknown as Rankings,
    derived as unknown as DerivedCache,
  );
  return { service, cache, order, events, rankings, store, derived };
}

describe('CachedEntityService', () => {
  it('throws the not-found error and leaves an absent id out of the hot-key ranking', async () => {
    const { service, rankings } = setup();
    await expect(service.getById(7)).rejects.toThrow('no 7');
    expect(rankings.record).not.toHaveBeenCalled();
  });

  it('records a read of an entity that exists in the hot-key ranking', async () => {
    const { service, rankings, store } = setup();
    store.findById.mockResolvedValueOnce({ id: 8, version: 1, name: 'Kim' });
    await service.getById(8);
    expect(rankings.record).toHaveBeenCalledWith('reads:widget', 8, 1);
  });

  it('refuses an update with no field before touching the database', async () => {
    const { service, order } = setup();
    expect(() => service.update(7, { name: undefined })).toThrow(/at least one of: name/);
    expect(order).toEqual([]);
  });

  it('commits the change with its event, then writes through, drops its derived values and wakes the relay', async () => {
    const { service, order, events, cache } = setup();
    const view = await service.update(7, { name: 'Kim' });
    expect(view).toEqual({ id: 7, name: 'Kim', version: 2 });
    expect(order).toEqual([
      'append widget.updated',
      'commit',
      'publish after commit',
      'cache.set',
      'derived.invalidate top:widget 7',
    ]);
    expect(events[0]).toMatchObject({
      type: 'widget.updated',
      entityId: 7,
      version: 2,
      source: 'test-service',
      data: view,
    });
    expect(cache.set).toHaveBeenCalledWith('widget', 7, { version: 2, json: JSON.stringify(view) });
  });

  it('deletes with an event and a tombstone of the deletion version', async () => {
    const { service, order, events, cache } = setup();
    await service.remove(7);
    expect(order).toEqual([
      'append widget.deleted',
      'commit',
      'publish after commit',
      'cache.tombstone',
      'derived.invalidate top:widget 7',
    ]);
    expect(events[0]).toMatchObject({ type: 'widget.deleted', version: 3 });
    expect(events[0].data).toBeUndefined();
    expect(cache.tombstone).toHaveBeenCalledWith('widget', 7, 3);
  });
});
