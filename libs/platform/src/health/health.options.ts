/** What readiness checks. */
export interface HealthOptions {
  /** Ping MySQL (services). */
  database: boolean;
  /** Fail readiness when Redis is unreachable (the cache-warmer; services fail open and stay ready). */
  redisRequired: boolean;
}

/** Injection token of {@link HealthOptions}. */
export const HEALTH_OPTIONS = Symbol('fleetcache.platform.health-options');

/** Route of the health controller and its two checks. Deployment files (docker/, k8s/) are tested against these. */
export const HEALTH_ROUTES = { controller: 'health', live: 'live', ready: 'ready' } as const;

/** Full paths of liveness (the process answers) and readiness (its dependencies answer). */
export const HEALTH_PATHS = {
  live: `/${HEALTH_ROUTES.controller}/${HEALTH_ROUTES.live}`,
  ready: `/${HEALTH_ROUTES.controller}/${HEALTH_ROUTES.ready}`,
} as const;
