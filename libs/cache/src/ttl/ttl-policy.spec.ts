import { TtlPolicy } from './ttl-policy';

describe('TtlPolicy', () => {
  it('has the reference defaults', () => {
    const ttl = new TtlPolicy();
    expect([
      ttl.baseSeconds('user'),
      ttl.baseSeconds('product'),
      ttl.baseSeconds('trending'),
      ttl.baseSeconds('config'),
    ]).toEqual([3600, 300 * 12, 300, 86_400]);
  });

  it('applies overrides and ±10% jitter at the extremes', () => {
    expect(new TtlPolicy({ user: 100 }, 0.1, () => 0).nextMs('user')).toBe(90_000);
    expect(new TtlPolicy({ user: 100 }, 0.1, () => 1).nextMs('user')).toBe(110_000);
    expect(new TtlPolicy({ user: 100 }, 0.1, () => 0.5).nextMs('user')).toBe(100_000);
  });

  it('spreads TTLs over the jitter band', () => {
    const ttl = new TtlPolicy();
    const samples = Array.from({ length: 2000 }, () => ttl.nextMs('user'));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(3_240_000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(3_960_000);
    expect(new Set(samples).size).toBeGreaterThan(1000);
  });

  it('rejects an invalid jitter', () => {
    expect(() => new TtlPolicy({}, 1)).toThrow(RangeError);
  });
});
