/** What readiness checks. */
export interface HealthOptions {
  /** Ping MySQL (services). */
  database: boolean;
  /** Fail readiness when Redis is unreachable (the cache-warmer; services fail open and stay ready). */
  redisRequired: boolean;
}

/** Injection token of {@link HealthOptions}. */
export const HEALTH_OPTIONS = Symbol('fleetcache.platform.health-options');
