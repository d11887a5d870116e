import calculateSlot from 'cluster-key-slot';
import { CacheKeys } from './cache-keys';

describe('CacheKeys', () => {
  const keys = new CacheKeys('fc', 'v1');

  it('builds the design.md §3 entity key', () => {
    expect(keys.entity('user', 42)).toBe('fc:v1:{user:42}');
  });

  it('puts keys of one entity in one slot whatever the prefix', () => {
    expect(calculateSlot(keys.entity('user', 42))).toBe(
      calculateSlot(new CacheKeys('x', 'v9').entity('user', 42)),
    );
    expect(calculateSlot(keys.entity('user', 42))).toBe(calculateSlot('{user:42}'));
  });
});
