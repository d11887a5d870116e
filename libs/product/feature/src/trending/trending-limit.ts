import { InvalidInputError } from '@fleetcache/core';
import { TRENDING_MAX } from './trending.constants';

/** Parses `?limit=`: an integer from 1 to 100, default 10. */
export function parseTrendingLimit(raw: unknown): number {
  if (raw === undefined) return 10;
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,2}$/.test(raw) || Number(raw) > TRENDING_MAX) {
    throw new InvalidInputError(
      `limit must be an integer from 1 to ${TRENDING_MAX}, got "${String(raw).slice(0, 40)}"`,
    );
  }
  return Number(raw);
}
