import type { OnApplicationShutdown } from '@nestjs/common';
import { withTimeout } from '@fleetcache/core';
import type { CacheGuard } from '../../guard/cache-guard';
import type { CacheMetrics } from '../../metrics/cache-metrics';
import type {
  CacheEngine,
  EngineProbe,
  FencedReply,
  FillPoll,
  LeaseAttempt,
  StoredWrite,
} from '../cache-engine';
import type { AutoDiscovery } from './auto-discovery';
import { MemcachedCommands } from './memcached-commands';
import { MemcachedFencedWrites } from './memcached-fenced-writes';
import { MemcachedLeases } from './memcached-leases';
import type { MemcachedNodes } from './memcached-nodes';

/**
 * The Memcached engine: entity values in the same `<version>:<staleAt>:<data>` format as on Redis, spread over the
 * nodes by a consistent hash ring, spoken to in the meta protocol. Memcached has no scripts, so each guarantee
 * uses its own tool: fenced writes with CAS ({@link MemcachedFencedWrites}), the lease with `add` and CAS
 * ({@link MemcachedLeases}), batch reads as one socket write of `mg`s per node, TTLs in whole seconds (rounded
 * up, plus one) and as a Unix time above 30 days, keys over 250 bytes hashed. A node lost is a miss for its keys
 * (its circuit opens; the loader answers). Nothing is replicated: a node that comes back empty is filled again by
 * reads.
 */
export class MemcachedEngine implements CacheEngine, OnApplicationShutdown {
  readonly name = 'memcached' as const;
  private readonly commands: MemcachedCommands;
  private readonly writes: MemcachedFencedWrites;
  private readonly leases: MemcachedLeases;

  constructor(
    private readonly nodes: MemcachedNodes,
    readonly guard: CacheGuard,
    private readonly metrics: CacheMetrics,
    private readonly discovery?: AutoDiscovery,
  ) {
    this.commands = new MemcachedCommands(nodes);
    this.writes = new MemcachedFencedWrites(this.commands);
    this.leases = new MemcachedLeases(this.commands);
  }

  /** Learns the node list (auto discovery's first poll); with a static list there is nothing to wait for. */
  async start(): Promise<void> {
    await this.discovery?.start();
  }

  onApplicationShutdown(): void {
    this.discovery?.stop();
    this.guard.stop();
    this.nodes.close();
  }

  read(key: string): Promise<Buffer | null> {
    return this.commands.get(key);
  }

  async readMany(keys: readonly string[]): Promise<(Buffer | null | undefined)[]> {
    const out: (Buffer | null | undefined)[] = new Array(keys.length).fill(undefined);
    const groups = this.nodes.groupByNode(keys);
    this.metrics.pipelinesSent(groups.size);
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        // Issued in one turn: one socket write of all the node's `mg`s.
        const read = () => Promise.all(indexes.map((i) => this.commands.get(keys[i])));
        const values = await this.guard.run('mget', read, null, keys[indexes[0]]);
        values?.forEach((value, j) => (out[indexes[j]] = value));
      }),
    );
    return out;
  }

  fencedWrite(write: StoredWrite): Promise<FencedReply> {
    return this.writes.write(write);
  }

  async fencedWriteMany(writes: readonly StoredWrite[]): Promise<(FencedReply | undefined)[]> {
    const out: (FencedReply | undefined)[] = new Array(writes.length).fill(undefined);
    const groups = this.nodes.groupByNode(writes.map((write) => write.key));
    this.metrics.pipelinesSent(groups.size);
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const write = () => Promise.all(indexes.map((i) => this.writes.write(writes[i])));
        const replies = await this.guard.run('mset', write, null, writes[indexes[0]].key);
        replies?.forEach((reply, j) => (out[indexes[j]] = reply));
      }),
    );
    return out;
  }

  acquireLease(key: string, leaseKey: string, token: string, ttlMs: number): Promise<LeaseAttempt> {
    return this.leases.acquire(key, leaseKey, token, ttlMs);
  }

  takeLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    return this.leases.take(leaseKey, token, ttlMs);
  }

  renewLease(leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
    return this.leases.renew(leaseKey, token, ttlMs);
  }

  releaseLease(leaseKey: string, token: string): Promise<boolean> {
    return this.leases.release(leaseKey, token);
  }

  async pollFill(key: string, leaseKey: string): Promise<FillPoll> {
    // Same hash tag, same node: both go out in one socket write.
    const [value, leaseHeld] = await Promise.all([this.commands.get(key), this.commands.exists(leaseKey)]);
    return { value, leaseHeld };
  }

  remainingTtlMs(key: string): Promise<number> {
    return this.commands.ttlMs(key);
  }

  async delete(key: string): Promise<void> {
    await this.commands.delete(key);
  }

  /** Asks every node for a no-op (`mn`) within `timeoutMs`: the nodes, and those that did not answer. */
  async probe(timeoutMs: number): Promise<EngineProbe> {
    const nodes = this.nodes.addresses;
    const answered = await Promise.all(
      nodes.map((address) => {
        try {
          const noop = this.nodes.connectionTo(address).request('mn');
          return withTimeout(noop, timeoutMs, `memcached ${address}`).then(
            (reply) => reply.code === 'MN',
            () => false,
          );
        } catch {
          return false;
        }
      }),
    );
    return { nodes, down: nodes.filter((_, i) => !answered[i]) };
  }
}
