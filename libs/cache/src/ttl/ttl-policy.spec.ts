import { TtlPolicy } from './ttl-policy';

describe('TtlPolicy', () => {
  it('uses the registered TTLs and one hour for a type it was not given', () => {
    const ttl = new TtlPolicy({ user: 3600, trending: 300 });
    expect([ttl.baseSeconds('user'), ttl.baseSeconds('trending'), ttl.baseSeconds('order')]).toEqual([
      3600, 300, 3600,
    ]);
  });

  it('applies overrides and ±10% jitter at the extremes', () => {
    expect(new TtlPolicy({ user: 100 }, 0.1, () => 0).nextMs('user')).toBe(90_000);
    expect(new TtlPolicy({ user: 100 }, 0.1, () => 1).nextMs('user')).toBe(110_000);
    expect(new TtlPolicy({ user: 100 }, 0.1, () => 0.5).nextMs('user')).toBe(100_000);
  });

  it('spreads TTLs over the jitter band', () => {
    const ttl = new TtlPolicy({ user: 3600 });
    const samples = Array.from({ length: 2000 }, () => ttl.nextMs('user'));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(3_240_000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(3_960_000);
    expect(new Set(samples).size).toBeGreaterThan(1000);
  });

  it('rejects an invalid jitter', () => {
    expect(() => new TtlPolicy({}, 1)).toThrow(RangeError);
  });
});
