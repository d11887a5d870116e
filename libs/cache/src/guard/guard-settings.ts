import type { CircuitBreakerOptions } from '../cache.options';
import type { CacheGuardSettings } from './cache-guard';

/** Consecutive failures that open a node's circuit, by default. */
export const DEFAULT_FAILURE_THRESHOLD = 5;
/** How long a circuit stays open by default, ms. */
export const DEFAULT_CIRCUIT_OPEN_MS = 2000;

/** The guard settings of an engine whose commands time out after `commandTimeoutMs`: a call's budget is twice that. */
export function guardSettings(
  options: CircuitBreakerOptions | undefined,
  commandTimeoutMs: number,
): CacheGuardSettings {
  return {
    failureThreshold: options?.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD,
    openMs: options?.openMs ?? DEFAULT_CIRCUIT_OPEN_MS,
    budgetMs: 2 * commandTimeoutMs,
  };
}
