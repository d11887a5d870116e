import type { DerivedCache, EntityCache } from '@fleetcache/cache';
import { Logger } from '@nestjs/common';
import { defineEntityType } from '@fleetcache/core';
import { createChangeEvent, type ChangeEvent } from '@fleetcache/events';
import type { WarmerMetrics } from '../warmer.metrics';
import { ChangeApplier } from './change-applier.service';

const owned = (name: string, port: number) => ({
  name: `${name}-service`,
  port,
  internalPort: port + 6000,
  path: `/${name}s`,
});
const NO_CACHE_DEFAULTS = { ttlSeconds: 60, staleAfterSeconds: 0, nearCacheMs: 0 };
/** Two registered types: users (no derived values) and products (a trending list of them). */
const TYPES = [
  defineEntityType({ name: 'user', service: owned('user', 3001), cache: NO_CACHE_DEFAULTS, derived: [] }),
  defineEntityType({
    name: 'product',
    service: owned('product', 3002),
    cache: NO_CACHE_DEFAULTS,
    derived: [{ name: 'trending:product', ttlClass: 'trending', ttlSeconds: 30 }],
  }),
];

function setup() {
  const cache = { set: jest.fn(async () => true), tombstone: jest.fn(async () => true) };
  const derived = { invalidate: jest.fn(async () => true) };
  const metrics = { appliedEvent: jest.fn(), invalidMessage: jest.fn() };
  const applier = new ChangeApplier(
    TYPES,
    cache as unknown as EntityCache,
    derived as unknown as DerivedCache,
    metrics as unknown as WarmerMetrics,
  );
  return { applier, cache, derived, metrics };
}

describe('ChangeApplier', () => {
  it('pre-warms an update with a fenced set of the snapshot, byte for byte', async () => {
    const { applier, cache, derived } = setup();
    const data = { id: 4, name: 'Kim', version: 3 };
    await applier.apply(
      createChangeEvent({
        entity: 'user',
        action: 'updated',
        entityId: 4,
        version: 3,
        source: 'user-service',
        data,
      }),
      'live',
    );
    expect(cache.set).toHaveBeenCalledWith('user', 4, { version: 3, json: JSON.stringify(data) });
    expect(derived.invalidate).not.toHaveBeenCalled();
  });

  it('tombstones a delete and drops the derived values its type declares', async () => {
    const { applier, cache, derived, metrics } = setup();
    await applier.apply(
      createChangeEvent({
        entity: 'product',
        action: 'deleted',
        entityId: 9,
        version: 5,
        source: 'product-service',
      }),
      'replay',
    );
    expect(cache.tombstone).toHaveBeenCalledWith('product', 9, 5);
    expect(derived.invalidate).toHaveBeenCalledWith('trending:product', 9);
    expect(metrics.appliedEvent).toHaveBeenCalledWith('product.deleted', 'replay', true, expect.any(String));
  });

  describe('drops an invalid event, counts it and never applies it', () => {
    const valid = createChangeEvent({
      entity: 'user',
      action: 'updated',
      entityId: 4,
      version: 3,
      source: 'user-service',
      data: { id: 4, name: 'Kim', version: 3 },
    });
    const forged = (changes: Record<string, unknown>) => ({ ...valid, ...changes }) as unknown as ChangeEvent;

    beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
    afterAll(() => jest.restoreAllMocks());

    it.each([
      ['an entityId over the INT range', { entityId: 2 ** 31, data: { id: 2 ** 31 } }],
      ['a zero entityId', { entityId: 0, data: { id: 0 } }],
      ['a version over the INT range', { version: 2 ** 31, data: { id: 4 } }],
      ['a fractional version', { version: 2.5, data: { id: 4 } }],
      ['a snapshot of another user', { data: { id: 5, name: 'Lee', version: 3 } }],
      ['a snapshot of another version', { data: { id: 4, name: 'Kim', version: 9 } }],
      ['a snapshot without id', { data: { name: 'Kim' } }],
      ['no snapshot on an update', { data: undefined }],
      ['an entity type it was not given', { entity: 'order', type: 'order.updated' }],
      ['a malformed entity type', { entity: 'Order!', type: 'Order!.updated' }],
      ['a created event at a high version', { type: 'user.created', version: 1_000_000 }],
      ['no object at all', null],
    ])('%s', async (_, changes) => {
      const { applier, cache, derived, metrics } = setup();
      const event = changes === null ? (null as unknown as ChangeEvent) : forged(changes);
      expect(await applier.apply(event, 'replay')).toBe(false);
      expect(cache.set).not.toHaveBeenCalled();
      expect(cache.tombstone).not.toHaveBeenCalled();
      expect(derived.invalidate).not.toHaveBeenCalled();
      expect(metrics.appliedEvent).not.toHaveBeenCalled();
      expect(metrics.invalidMessage).toHaveBeenCalledWith('replay');
    });

    it('logs at most one line a second however many arrive', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      warn.mockClear();
      const { applier, metrics } = setup();
      for (let i = 0; i < 50; i++) await applier.apply(forged({ entityId: -i }), 'live');
      expect(metrics.invalidMessage).toHaveBeenCalledTimes(50);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatchObject({ msg: 'dropped an invalid event', delivery: 'live' });
    });
  });
});
