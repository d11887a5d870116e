import { NearCache } from './near-cache';

const entry = (version: number) => ({ version, json: `{"v":${version}}` });

describe('NearCache', () => {
  let now = 0;
  const near = () => new NearCache({ user: { ttlMs: 100, maxEntries: 2 } }, () => now);

  beforeEach(() => (now = 0));

  it('is off for entity types without settings', () => {
    const cache = near();
    cache.put('product', 'k', entry(1));
    expect(cache.enabled('product')).toBe(false);
    expect(cache.get('user', 'k')).toBeUndefined();
  });

  it('serves until the TTL, then forgets', () => {
    const cache = near();
    cache.put('user', 'k', entry(1));
    now = 99;
    expect(cache.get('user', 'k')).toEqual(entry(1));
    now = 100;
    expect(cache.get('user', 'k')).toBeUndefined();
  });

  it('evicts the least recently used beyond maxEntries', () => {
    const cache = near();
    cache.put('user', 'a', entry(1));
    cache.put('user', 'b', entry(1));
    cache.get('user', 'a');
    cache.put('user', 'c', entry(1));
    expect([cache.get('user', 'a'), cache.get('user', 'b'), cache.get('user', 'c')].map(Boolean)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('never replaces a newer version, and drops and clears on demand', () => {
    const cache = near();
    cache.put('user', 'a', entry(3));
    cache.put('user', 'a', entry(2));
    expect(cache.get('user', 'a')?.version).toBe(3);
    cache.drop('user', 'a');
    expect(cache.get('user', 'a')).toBeUndefined();
    cache.put('user', 'b', entry(1));
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('after a write, refuses an older version that a concurrent read tries to put back', () => {
    const cache = near();
    cache.wrote('user', 'a', 5);
    cache.put('user', 'a', entry(4));
    expect(cache.get('user', 'a')).toBeUndefined();
    cache.put('user', 'a', entry(5));
    expect(cache.get('user', 'a')?.version).toBe(5);
    now = 200; // the floor lives one lifetime
    cache.put('user', 'a', entry(4));
    expect(cache.get('user', 'a')?.version).toBe(4);
  });

  it('floors only rise, and survive clear()', () => {
    const cache = near();
    cache.wrote('user', 'a', 5);
    cache.wrote('user', 'a', 3); // a concurrent fill of an older version must not lower the floor
    cache.clear();
    cache.put('user', 'a', entry(4));
    expect(cache.get('user', 'a')).toBeUndefined();
  });

  it('keeps nothing while it is not live (its change events are not subscribed yet), and forgets on going off', () => {
    const cache = near();
    cache.setLive(false);
    cache.put('user', 'a', entry(1));
    expect(cache.get('user', 'a')).toBeUndefined();
    cache.setLive(true);
    cache.put('user', 'a', entry(1));
    expect(cache.get('user', 'a')).toEqual(entry(1));
    cache.setLive(false);
    cache.setLive(true);
    expect(cache.get('user', 'a')).toBeUndefined();
  });
});
