import { Logger } from '@nestjs/common';
import type { ConnectionOptions } from 'node:tls';
import { CounterDeltas, lookupValues, percent } from './counter-deltas';
import { NodeWarnings } from './node-warnings';
import { memcachedStats } from './memcached-stats';
import type { NodeSample } from './node-sample';

/** A Memcached node to sample. */
export interface MemcachedTarget {
  host: string;
  port: number;
}

/**
 * Samples `stats` from every Memcached node, under the CloudWatch names ElastiCache gives Memcached's statistics.
 * A node that does not answer within the timeout is down this period (one log line a minute per node).
 */
export class MemcachedSampler {
  private readonly logger = new Logger(MemcachedSampler.name);
  private readonly warnings = new NodeWarnings(this.logger);
  private readonly deltas = new CounterDeltas();
  private readonly sampledAt = new Map<string, number>();

  constructor(
    private readonly nodes: readonly MemcachedTarget[],
    private readonly timeoutMs: number,
    private readonly tls?: ConnectionOptions,
  ) {}

  /** One sample per node. */
  sample(now: number): Promise<NodeSample[]> {
    return Promise.all(this.nodes.map((node) => this.sampleNode(node, now)));
  }

  private async sampleNode({ host, port }: MemcachedTarget, now: number): Promise<NodeSample> {
    const address = `${host}:${port}`;
    try {
      const stats = await memcachedStats(host, port, this.timeoutMs, this.tls);
      return this.toSample(address, stats, now);
    } catch (error) {
      this.warnings.warn(address, `Memcached node ${address} did not answer stats: ${String(error)}`);
      return { engine: 'memcached', node: address, role: 'node', up: false, values: {} };
    }
  }

  private toSample(address: string, stats: Map<string, string>, now: number): NodeSample {
    const number = (name: string) => {
      const value = Number(stats.get(name));
      return stats.has(name) && Number.isFinite(value) ? value : undefined;
    };
    const delta = (name: string) => {
      const value = number(name);
      return value === undefined ? undefined : this.deltas.delta(`${address}|${name}`, value);
    };
    const last = this.sampledAt.get(address);
    this.sampledAt.set(address, now);
    const seconds = last === undefined || now <= last ? undefined : (now - last) / 1000;
    const cpu = [delta('rusage_user'), delta('rusage_system')];
    const hits = delta('get_hits');
    const misses = delta('get_misses');
    const limit = number('limit_maxbytes');
    return {
      engine: 'memcached',
      node: address,
      role: 'node',
      up: true,
      values: {
        ...lookupValues(hits, misses),
        CPUUtilization:
          seconds === undefined || cpu.includes(undefined)
            ? undefined
            : (((cpu[0] ?? 0) + (cpu[1] ?? 0)) / seconds) * 100,
        DatabaseMemoryUsagePercentage: limit ? percent(number('bytes'), limit) : undefined,
        Evictions: delta('evictions'),
        Reclaimed: delta('reclaimed'),
        CurrConnections: number('curr_connections'),
        NewConnections: delta('total_connections'),
        CurrItems: number('curr_items'),
        NetworkBytesIn: delta('bytes_read'),
        NetworkBytesOut: delta('bytes_written'),
      },
    };
  }
}
