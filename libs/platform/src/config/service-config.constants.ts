/** Injection token of the service's validated, typed environment (an intersection of its schema classes). */
export const SERVICE_ENV = Symbol('fleetcache.platform.service-env');
