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
    [
      'a zero TTL',
      { cache: { ...ORDER.cache, ttlSeconds: 0 } },
      /cache.ttlSeconds must be an integer from 1/,
    ],
    [
      'a near-cache past its bound',
      { cache: { ...ORDER.cache, nearCacheMs: 60_001 } },
      /cache.nearCacheMs must be an integer from 0 to 60000/,
    ],
    ['a negative stale-after', { cache: { ...ORDER.cache, staleAfterSeconds: -1 } }, /staleAfterSeconds/],
    ['a service name with a space', { service: { ...ORDER.service, name: 'order service' } }, /service.name/],
    ['a port out of range', { service: { ...ORDER.service, port: 70_000 } }, /service.port/],
    [
      'a derived name with a brace',
      { derived: [{ name: 'open}order', ttlClass: 'open', ttlSeconds: 5 }] },
      /derived name must match/,
    ],
    ['a path without its slash', { service: { ...ORDER.service, path: 'orders' } }, /service.path/],
    [
      'a TTL class with a colon',
      { derived: [{ name: 'x', ttlClass: 'open:orders', ttlSeconds: 5 }] },
      /ttlClass must match/,
    ],
  ])('refuses %s', (_what, change, message) => {
    expect(() => defineEntityType({ ...ORDER, ...change } as EntityTypeDefinition)).toThrow(message);
  });

  it('refuses a type registered twice and TTL classes that collide', () => {
    expect(() => uniqueEntityTypes([ORDER, { ...ORDER }])).toThrow(/"order" is registered twice/);
    expect(uniqueEntityTypes([ORDER])).toEqual([ORDER]);
    const invoice = (ttlClass: string, ttlSeconds: number): EntityTypeDefinition => ({
      ...ORDER,
      name: 'invoice',
      derived: [{ name: 'open:invoice', ttlClass, ttlSeconds }],
    });
    expect(() => uniqueEntityTypes([ORDER, invoice('order', 20)])).toThrow(/TTL class "order"/);
    expect(() => uniqueEntityTypes([ORDER, invoice('openorders', 99)])).toThrow(/TTL class "openorders"/);
    expect(uniqueEntityTypes([ORDER, invoice('openorders', 20)])).toHaveLength(2);
  });
});
