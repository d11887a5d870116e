import { tlsOptions, DEFAULT_COMMAND_TIMEOUT_MS } from '../../connection/redis-client.factory';
import type { CacheModuleOptions } from '../../cache.options';
import { CacheGuard } from '../../guard/cache-guard';
import { guardSettings } from '../../guard/guard-settings';
import type { CacheMetrics } from '../../metrics/cache-metrics';
import { AutoDiscovery } from './auto-discovery';
import { MemcachedEngine } from './memcached-engine';
import { MemcachedNodes } from './memcached-nodes';
import { DEFAULT_DISCOVERY_POLL_MS } from './memcached.options';

/**
 * The Memcached engine of `options.memcached`: its nodes from the static list, or from the configuration endpoint
 * (polled once before this resolves, so the first requests find the ring), its own guard with one circuit per node.
 */
export async function createMemcachedEngine(
  options: CacheModuleOptions,
  metrics: CacheMetrics,
): Promise<MemcachedEngine> {
  const memcached = options.memcached ?? {};
  const timeoutMs = memcached.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const tls = tlsOptions(memcached.tls);
  const nodes = new MemcachedNodes(timeoutMs, metrics, tls);
  const guard = new CacheGuard('memcached', guardSettings(options.circuitBreaker, timeoutMs), nodes, metrics);
  const { discovery } = memcached;
  if (!discovery && !memcached.nodes?.length)
    throw new Error('the memcached engine needs memcached.nodes or memcached.discovery');
  const poller = discovery
    ? new AutoDiscovery(
        discovery.endpoint,
        discovery.pollMs ?? DEFAULT_DISCOVERY_POLL_MS,
        4 * timeoutMs,
        (found) => nodes.setNodes(found),
        tls,
      )
    : undefined;
  if (!poller) nodes.setNodes(memcached.nodes ?? []);
  const engine = new MemcachedEngine(nodes, guard, metrics, poller);
  await engine.start();
  return engine;
}
