import { type RunningService } from '@fleetcache/platform/testing';
import { startService } from '@fleetcache/entity-api/testing';
import { USER_SERVICE } from '@fleetcache/user-feature';

export { http, metric, uniqueEmail, type RunningService } from '@fleetcache/platform/testing';

/** Starts user-service in this process over real HTTP. */
export function startUserService(overrides: Record<string, string> = {}): Promise<RunningService> {
  return startService(USER_SERVICE, overrides);
}
