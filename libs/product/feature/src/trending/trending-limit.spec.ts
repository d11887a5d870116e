import { InvalidInputError } from '@fleetcache/core';
import { parseTrendingLimit } from './trending-limit';

describe('parseTrendingLimit', () => {
  it('defaults to 10 and accepts 1..100', () => {
    expect(parseTrendingLimit(undefined)).toBe(10);
    expect(parseTrendingLimit('1')).toBe(1);
    expect(parseTrendingLimit('100')).toBe(100);
  });

  it.each(['0', '101', '-1', 'abc', '1e2', '', ['1', '2']])('rejects %j', (raw) => {
    expect(() => parseTrendingLimit(raw)).toThrow(InvalidInputError);
  });
});
