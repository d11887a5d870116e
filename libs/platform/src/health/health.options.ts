import type { HealthIndicatorResult } from '@nestjs/terminus';

/** Route of the health controller and its two checks. Deployment files (docker/, k8s/) are tested against these. */
export const HEALTH_ROUTES = { controller: 'health', live: 'live', ready: 'ready' } as const;

/** Full paths of liveness (the process answers) and readiness (it can serve and is not draining). */
export const HEALTH_PATHS = {
  live: `/${HEALTH_ROUTES.controller}/${HEALTH_ROUTES.live}`,
  ready: `/${HEALTH_ROUTES.controller}/${HEALTH_ROUTES.ready}`,
} as const;

/** Whether a route (as the router matched it, e.g. `/health/ready`) is a health check: never limited nor guarded. */
export function isHealthRoute(route: string | undefined): boolean {
  return route === HEALTH_PATHS.live || route === HEALTH_PATHS.ready;
}

/**
 * A dependency that readiness reports on besides Redis (e.g. MySQL, added by the entity services). Its outcome is in
 * readiness's details and the `fleetcache_dependency_up` gauge; it never makes the instance unready.
 */
export interface DependencyProbe {
  /** The dependency's name in the details and the gauge's label (`mysql`). */
  readonly name: string;
  /** Probes it, answering up (with `degraded: true` when it did not answer). */
  check(key: string): Promise<HealthIndicatorResult>;
}

/** Injection token of the {@link DependencyProbe}s given to `HealthModule.withProbes`. */
export const DEPENDENCY_PROBES = Symbol('fleetcache.platform.dependency-probes');
