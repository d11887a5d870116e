import { defineEntityType, uniqueEntityTypes, type EntityTypeDefinition } from './entity-type';

const ORDER: EntityTypeDefinition = {
  name: 'order',
  service: { name: 'order-service', port: 3010, internalPort: 9010, path: '/orders' },
  cache: { ttlSeconds: 120, staleAfterSeconds: 0, nearCacheMs: 0 },
  derived: [{ name: 'open:order', ttlClass: 'openorders', ttlSeconds: 20 }],
};

describe('defineEntityType', () => {
  it('freezes a valid definition', () => {
    const type = defineEntityType(ORDER);
    expect(type).toEqual(ORDER);
    expect(Object.isFrozen(type)).toBe(true);
    expect(Object.isFrozen(type.derived)).toBe(true);
  });

  it.each([
    ['a name that cannot be a key tag or a variable infix', { name: 'Order-1' }, /name must match/],
    ['an empty name', { name: '' }, /name must match/],
    ['a zero TTL', { cache: { ...ORDER.cache, ttlSeconds: 0 } }, /cache.ttlSeconds must be a positive integer/],
    ['a path without its slash', { service: { ...ORDER.service, path: 'orders' } }, /service.path/],
    [
      'a TTL class with a colon',
      { derived: [{ name: 'x', ttlClass: 'open:orders', ttlSeconds: 5 }] },
      /ttlClass must match/,
    ],
  ])('refuses %s', (_what, change, message) => {
    expect(() => defineEntityType({ ...ORDER, ...change } as EntityTypeDefinition)).toThrow(message);
  });

  it('refuses a type registered twice', () => {
    expect(() => uniqueEntityTypes([ORDER, { ...ORDER }])).toThrow(/"order" is registered twice/);
    expect(uniqueEntityTypes([ORDER])).toEqual([ORDER]);
  });
});
