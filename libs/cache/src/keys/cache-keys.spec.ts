import calculateSlot from 'cluster-key-slot';
import { CacheKeys } from './cache-keys';

describe('CacheKeys', () => {
  const keys = new CacheKeys('fc', 'v1');

  it('builds the entity key: prefix, schema version, hash tag', () => {
    expect(keys.entity('user', 42)).toBe('fc:v1:{user:42}');
  });

  it('names the previous schema version of an entity key, in the same slot (the key itself for v1)', () => {
    expect(new CacheKeys('fc', 'v2').previousSchemaEntity('user', 42)).toBe('fc:v1:{user:42}');
    expect(new CacheKeys('fc', 'v10').previousSchemaEntity('user', 42)).toBe('fc:v9:{user:42}');
    expect(keys.previousSchemaEntity('user', 42)).toBe(keys.entity('user', 42));
    expect(new CacheKeys().entity('user', 42)).toBe('fc:v2:{user:42}');
  });

  it('puts keys of one entity in one slot whatever the prefix', () => {
    expect(calculateSlot(keys.entity('user', 42))).toBe(
      calculateSlot(new CacheKeys('x', 'v9').entity('user', 42)),
    );
    expect(calculateSlot(keys.entity('user', 42))).toBe(calculateSlot('{user:42}'));
  });
});
