import { gauge } from '@fleetcache/core';
import type { HealthIndicatorResult } from '@nestjs/terminus';

const dependencyUp = gauge({
  name: 'fleetcache_dependency_up',
  help: 'Whether a dependency answered its last health probe (1) or not (0), as seen by this process',
  labelNames: ['dependency'],
});

/** Records the outcome of a readiness probe of `dependency` as the `fleetcache_dependency_up` gauge. */
export function recordDependency(dependency: string, result: HealthIndicatorResult): HealthIndicatorResult {
  const details = result[dependency] as { status?: string; degraded?: boolean } | undefined;
  dependencyUp.set({ dependency }, details?.status === 'up' && !details.degraded ? 1 : 0);
  return result;
}
