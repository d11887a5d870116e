import { FALLBACK_TTL_SECONDS } from '../cache.constants';

/** TTL per entity type with ±jitter, so keys filled together do not expire together (invariant I4). */
export class TtlPolicy {
  private readonly seconds: Record<string, number>;

  constructor(
    overrides: Record<string, number> = {},
    private readonly jitter = 0.1,
    private readonly random: () => number = Math.random,
    private readonly softSeconds: Record<string, number> = {},
  ) {
    if (jitter < 0 || jitter >= 1) throw new RangeError(`ttl jitter must be in [0, 1), got ${jitter}`);
    this.seconds = { ...overrides };
  }

  /** The configured TTL of an entity type, in seconds, without jitter. */
  baseSeconds(entity: string): number {
    return this.seconds[entity] ?? FALLBACK_TTL_SECONDS;
  }

  /**
   * When a value written now turns stale (stale-while-revalidate), as epoch ms; 0 when the entity type has no soft
   * TTL.
   */
  staleAtMs(entity: string, now = Date.now()): number {
    const soft = this.softSeconds[entity] ?? 0;
    return soft > 0 ? Math.round(now + soft * 1000) : 0;
  }

  /** A TTL in milliseconds drawn uniformly from base·[1−jitter, 1+jitter]. */
  nextMs(entity: string): number {
    const factor = 1 - this.jitter + 2 * this.jitter * this.random();
    return Math.max(1, Math.round(this.baseSeconds(entity) * 1000 * factor));
  }
}
