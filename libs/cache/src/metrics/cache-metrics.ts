import { Injectable } from '@nestjs/common';
import { counter, gauge, talliedCounter, type Tally } from '@fleetcache/core';

/** What a lookup found. */
type LookupResult = 'hit' | 'hit_l1' | 'miss' | 'stale' | 'bypass';

/** Cache counters in the default Prometheus registry (served by each service at GET /metrics). */
@Injectable()
export class CacheMetrics {
  private readonly lookups = talliedCounter({
    name: 'fleetcache_cache_lookups_total',
    help: 'Cache lookups by entity type and result (hit = the engine, Redis or Memcached; hit_l1 = near-cache, miss, stale = served past its soft TTL while revalidating).',
    labelNames: ['entity', 'result'],
  });
  private readonly fills = counter({
    name: 'fleetcache_cache_fills_total',
    help: 'Fenced writes by entity type and result (stored, fenced = refused because a newer version was there).',
    labelNames: ['entity', 'kind', 'result'],
  });
  private readonly errors = counter({
    name: 'fleetcache_cache_errors_total',
    help: 'Cache engine (Redis or Memcached) operations the caller was served without, by reason: error, timeout, circuit_open (skipped by the open circuit), redirect (a slot moved) and contention (CAS races lost); the last two do not count towards a circuit.',
    labelNames: ['op', 'reason'],
  });
  private readonly loads = counter({
    name: 'fleetcache_cache_loads_total',
    help: 'Loader calls, i.e. database queries made on a miss (one per single read, one per batch).',
    labelNames: ['entity'],
  });
  private readonly pipelines = counter({
    name: 'fleetcache_cache_batch_pipelines_total',
    help: 'Pipelines sent by batch reads and fills (one per Redis master or Memcached node touched).',
  });
  private readonly directFallbacks = counter({
    name: 'fleetcache_cache_direct_fallbacks_total',
    help: 'Reads the direct path handed to the cluster client, by reason (redirect = MOVED/ASK during resharding or failover; reply = a batch key its node refused; connection; error_reply; unrouted = no slot map yet, or the direct connection backing off or saturated).',
    labelNames: ['reason'],
  });
  private readonly directFailures = counter({
    name: 'fleetcache_cache_direct_connection_failures_total',
    help: 'Direct connections that failed: Redis read connections and Memcached node connections (closed, errored, stalled past the command timeout or refused AUTH).',
  });
  private readonly circuit = gauge({
    name: 'fleetcache_cache_circuit_open',
    help: '1 while the circuit breaker of a Redis master or Memcached node is open (its keys are served without the cache), else 0.',
    labelNames: ['node'],
  });

  // Every read counts one lookup: a tally per entity and result, summed into the counter when it is scraped.
  private readonly lookupTallies = new Map<string, Partial<Record<LookupResult, Tally>>>();

  /** Counts `n` lookups with the given result. */
  lookup(entity: string, result: LookupResult, n = 1): void {
    if (n <= 0) return;
    let byResult = this.lookupTallies.get(entity);
    if (!byResult) this.lookupTallies.set(entity, (byResult = {}));
    (byResult[result] ??= this.lookups.tally({ entity, result })).count += n;
  }

  /** Counts a fenced write. */
  fill(entity: string, kind: 'value' | 'tombstone' | 'negative', stored: boolean): void {
    this.fills.inc({ entity, kind, result: stored ? 'stored' : 'fenced' });
  }

  /** Counts one loader call (a database query on a miss). */
  loaded(entity: string): void {
    this.loads.inc({ entity });
  }

  /** Counts a failed engine operation. */
  error(op: string, reason: 'error' | 'timeout' | 'circuit_open' | 'redirect' | 'contention'): void {
    this.errors.inc({ op, reason });
  }

  /** Counts pipelines sent by one batch operation. */
  pipelinesSent(n: number): void {
    this.pipelines.inc(n);
  }

  /** Counts a read the direct path handed to the cluster client. */
  directFallback(reason: string): void {
    this.directFallbacks.inc({ reason });
  }

  /** Counts a failed direct connection (a Redis read connection, a Memcached node connection). */
  directFailure(): void {
    this.directFailures.inc();
  }

  /** Publishes the circuit state of one node (`any`: calls that name no key). */
  circuitOpen(node: string, open: boolean): void {
    this.circuit.set({ node }, open ? 1 : 0);
  }
}
