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
