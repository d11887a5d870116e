import { type RunningService } from '@fleetcache/platform/testing';
import { startService } from '@fleetcache/entity-api/testing';
import { PRODUCT_SERVICE } from '@fleetcache/product-feature';

export { http, metric, type RunningService } from '@fleetcache/platform/testing';

/** Starts product-service in this process over real HTTP. */
export function startProductService(overrides: Record<string, string> = {}): Promise<RunningService> {
  return startService(PRODUCT_SERVICE, overrides);
}
