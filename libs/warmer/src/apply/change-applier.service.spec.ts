import type { DerivedCache, EntityCache } from '@fleetcache/cache';
import { createChangeEvent } from '@fleetcache/events';
import type { WarmerMetrics } from '../warmer.metrics';
import { ChangeApplier } from './change-applier.service';

function setup() {
  const cache = { set: jest.fn(async () => true), invalidate: jest.fn(async () => true) };
  const derived = { invalidate: jest.fn(async () => true) };
  const metrics = { appliedEvent: jest.fn() };
  const applier = new ChangeApplier(
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

  it('tombstones a delete and drops a trending list that contains the product', async () => {
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
    expect(cache.invalidate).toHaveBeenCalledWith('product', 9, 5);
    expect(derived.invalidate).toHaveBeenCalledWith('trending:product', 9);
    expect(metrics.appliedEvent).toHaveBeenCalledWith('product.deleted', 'replay', true, expect.any(String));
  });
});
