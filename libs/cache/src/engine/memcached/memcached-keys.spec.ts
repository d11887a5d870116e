import { MEMCACHED_RELATIVE_TTL_LIMIT_S, memcachedExptime, memcachedKey, routingKey } from './memcached-keys';

describe('memcached keys and TTLs', () => {
  it('keeps a key Memcached accepts, hashes one that is too long or has spaces', () => {
    expect(memcachedKey('fc:v2:{user:42}')).toBe('fc:v2:{user:42}');
    const long = `fc:v2:{user:${'9'.repeat(300)}}`;
    expect(memcachedKey(long)).toMatch(/^h:[A-Za-z0-9_-]{43}$/);
    expect(memcachedKey(long)).not.toBe(memcachedKey(`${long}x`));
    expect(memcachedKey('fc:v2:{user:a b}')).toMatch(/^h:/);
    expect(memcachedKey('fc:v2:{user:é}')).toMatch(/^h:/);
    expect(memcachedKey('k'.repeat(250))).toBe('k'.repeat(250));
  });

  it('routes by the hash tag', () => {
    expect(routingKey('fc:v2:{user:42}:lease')).toBe('user:42');
    expect(routingKey('plain')).toBe('plain');
  });

  it('rounds a TTL up to whole seconds plus one (the clock ticks once a second) and sends a TTL over 30 days as a Unix time', () => {
    expect(memcachedExptime(1)).toBe(2);
    expect(memcachedExptime(3000)).toBe(4);
    expect(memcachedExptime(3001)).toBe(5);
    expect(memcachedExptime((MEMCACHED_RELATIVE_TTL_LIMIT_S - 1) * 1000)).toBe(
      MEMCACHED_RELATIVE_TTL_LIMIT_S,
    );
    const now = 1_800_000_000_000;
    expect(memcachedExptime(40 * 86_400_000, now)).toBe(1_800_000_000 + 40 * 86_400 + 1);
  });
});
