import { Logger } from '@nestjs/common';
import {
  closeRedisClient,
  createRedisClient,
  type RedisClient,
  type RedisConnectionOptions,
} from '@fleetcache/cache';
import { withTimeout } from '@fleetcache/core';
import { CounterDeltas, lookupValues } from './counter-deltas';
import { NodeWarnings } from './node-warnings';
import type { NodeSample } from './node-sample';
import { parseClusterNodes, type ListedNode } from './redis-nodes';
import {
  commandTotals,
  infoNumber,
  parseRedisInfo,
  reportedReplicas,
  totalKeys,
  type RedisInfo,
} from './redis-info';

/**
 * Samples `INFO` from every Redis node: in cluster mode every node `CLUSTER NODES` lists (masters and replicas, a
 * failed one reported down without being asked); a single server with the replicas it reports. One connection per
 * node, opened on first use, no offline queue: a node that does not answer within the timeout is down this period.
 */
export class RedisSampler {
  private readonly logger = new Logger(RedisSampler.name);
  private readonly warnings = new NodeWarnings(this.logger);
  private readonly clients = new Map<string, RedisClient>();
  private readonly deltas = new CounterDeltas();
  private readonly sampledAt = new Map<string, number>();
  private known: ListedNode[] = [];

  constructor(
    private readonly connection: RedisConnectionOptions,
    private readonly timeoutMs: number,
  ) {}

  /** One sample per node. */
  async sample(now: number): Promise<NodeSample[]> {
    const nodes = await this.listNodes();
    await this.forgetDeparted(new Set(nodes.map((node) => node.address)));
    const infos = await Promise.all(nodes.map((node) => (node.failed ? undefined : this.info(node.address))));
    const masterLags = new Map<string, number>();
    for (const info of infos)
      for (const replica of info ? reportedReplicas(info) : [])
        masterLags.set(replica.address, replica.lagSeconds);
    if (this.connection.mode === 'single') this.known = singleServerNodes(this.connection, infos[0]);
    return nodes.map((node, i) => this.toSample(node, infos[i], masterLags.get(node.address), now));
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((client) => closeRedisClient(client, { drain: false })));
  }

  private async listNodes(): Promise<ListedNode[]> {
    if (this.connection.mode === 'single') {
      if (this.known.length === 0) this.known = singleServerNodes(this.connection, undefined);
      return this.known;
    }
    const askable = [
      ...this.known.filter((node) => !node.failed).map((node) => node.address),
      ...this.seeds(),
    ];
    for (const address of new Set(askable)) {
      const listed = await this.command(address, ['CLUSTER', 'NODES']);
      if (typeof listed === 'string') return (this.known = parseClusterNodes(listed));
    }
    this.warnings.warn(
      'cluster',
      'no Redis node answered CLUSTER NODES; every known node is down this period',
    );
    // Never reached yet: the seeds are what is down.
    const down = this.known.length
      ? this.known
      : this.seeds().map((address) => ({ address, role: 'master' as const }));
    return down.map((node) => ({ ...node, failed: true }));
  }

  /** Closes the connections of nodes no longer listed (a pod that came back on another IP) and drops their state. */
  private async forgetDeparted(listed: Set<string>): Promise<void> {
    const seeds = new Set(this.seeds());
    for (const [address, client] of this.clients) {
      if (listed.has(address) || seeds.has(address)) continue;
      this.clients.delete(address);
      this.sampledAt.delete(address);
      this.deltas.forget(`${address}|`);
      await closeRedisClient(client, { drain: false });
    }
  }

  private seeds(): string[] {
    return this.connection.nodes.map((node) => `${node.host}:${node.port}`);
  }

  private async info(address: string): Promise<RedisInfo | undefined> {
    const reply = await this.command(address, ['INFO', 'everything']);
    return typeof reply === 'string' ? parseRedisInfo(reply) : undefined;
  }

  private async command(address: string, args: string[]): Promise<unknown> {
    try {
      const [command, ...rest] = args;
      return await withTimeout(
        this.clientFor(address).call(command, ...rest),
        this.timeoutMs,
        `${command} ${address}`,
      );
    } catch (error) {
      this.warnings.warn(address, `Redis node ${address} did not answer ${args.join(' ')}: ${String(error)}`);
      return undefined;
    }
  }

  private clientFor(address: string): RedisClient {
    let client = this.clients.get(address);
    if (!client) {
      const split = address.lastIndexOf(':');
      const node = { host: address.slice(0, split), port: Number(address.slice(split + 1)) };
      // The offline queue lets the first command wait for the connection; the timeout bounds every wait.
      client = createRedisClient({
        ...this.connection,
        mode: 'single',
        nodes: [node],
        commandTimeoutMs: this.timeoutMs,
        autoPipelining: false,
      });
      client.on('error', () => undefined); // reported per command, as the node being down
      this.clients.set(address, client);
    }
    return client;
  }

  private toSample(
    node: ListedNode,
    info: RedisInfo | undefined,
    masterLag: number | undefined,
    now: number,
  ): NodeSample {
    const lag = node.role === 'replica' ? masterLag : undefined;
    if (!info)
      return {
        engine: 'redis',
        node: node.address,
        role: node.role,
        up: false,
        values: { ReplicationLag: lag },
      };
    const role = info.get('role') === 'master' ? 'master' : 'replica';
    const seconds = this.secondsSinceLastSample(node.address, now);
    const delta = (name: string, value: number | undefined) =>
      value === undefined ? undefined : this.deltas.delta(`${node.address}|${name}`, value);
    const perSecond = (name: string, value: number | undefined) => {
      const increase = delta(name, value);
      return increase === undefined || seconds === undefined ? undefined : increase / seconds;
    };
    const hits = delta('hits', infoNumber(info, 'keyspace_hits'));
    const misses = delta('misses', infoNumber(info, 'keyspace_misses'));
    const commands = commandTotals(info);
    const getCalls = delta('get_calls', commands.get.calls);
    const setCalls = delta('set_calls', commands.set.calls);
    return {
      engine: 'redis',
      node: node.address,
      role,
      up: true,
      values: {
        ...lookupValues(hits, misses),
        EngineCPUUtilization: scaled(
          perSecond('cpu_main', sumOf(info, 'used_cpu_sys_main_thread', 'used_cpu_user_main_thread')),
          100,
        ),
        CPUUtilization: scaled(perSecond('cpu', sumOf(info, 'used_cpu_sys', 'used_cpu_user')), 100),
        DatabaseMemoryUsagePercentage: memoryPercent(info),
        Evictions: delta('evicted', infoNumber(info, 'evicted_keys')),
        Reclaimed: delta('expired', infoNumber(info, 'expired_keys')),
        ReplicationLag: role === 'replica' ? (lag ?? linkDownSeconds(info)) : undefined,
        CurrConnections: infoNumber(info, 'connected_clients'),
        NewConnections: delta('connections', infoNumber(info, 'total_connections_received')),
        CurrItems: totalKeys(info),
        NetworkBytesIn: delta('net_in', infoNumber(info, 'total_net_input_bytes')),
        NetworkBytesOut: delta('net_out', infoNumber(info, 'total_net_output_bytes')),
        IsMaster: role === 'master' ? 1 : 0,
        GetTypeCmdsLatency: average(delta('get_usec', commands.get.usec), getCalls),
        SetTypeCmdsLatency: average(delta('set_usec', commands.set.usec), setCalls),
      },
    };
  }

  private secondsSinceLastSample(address: string, now: number): number | undefined {
    const last = this.sampledAt.get(address);
    this.sampledAt.set(address, now);
    return last === undefined || now <= last ? undefined : (now - last) / 1000;
  }
}

/** A single server and the replicas it reported last. */
function singleServerNodes(connection: RedisConnectionOptions, info: RedisInfo | undefined): ListedNode[] {
  const [seed] = connection.nodes;
  const server: ListedNode = { address: `${seed.host}:${seed.port}`, role: 'master', failed: false };
  const replicas = info ? reportedReplicas(info) : [];
  return [
    server,
    ...replicas.map((replica) => ({ address: replica.address, role: 'replica' as const, failed: false })),
  ];
}

/**
 * A replica its master does not list (the master dropped it, or the link is down): how long its link has been down,
 * as it reports it; undefined while the link is up (the master's view is the lag then).
 */
function linkDownSeconds(info: RedisInfo): number | undefined {
  if (info.get('master_link_status') !== 'down') return undefined;
  return infoNumber(info, 'master_link_down_since_seconds');
}

function sumOf(info: RedisInfo, ...names: string[]): number | undefined {
  const values = names.map((name) => infoNumber(info, name));
  return values.some((value) => value === undefined) ? undefined : values.reduce((a = 0, b = 0) => a + b, 0);
}

function scaled(value: number | undefined, factor: number): number | undefined {
  return value === undefined ? undefined : value * factor;
}

function average(total: number | undefined, count: number | undefined): number | undefined {
  return total === undefined || !count ? undefined : total / count;
}

/** Used memory against `maxmemory`, or against the host's memory when there is no limit (as ElastiCache reports). */
function memoryPercent(info: RedisInfo): number | undefined {
  const used = infoNumber(info, 'used_memory');
  const limit = infoNumber(info, 'maxmemory') || infoNumber(info, 'total_system_memory');
  return used === undefined || !limit ? undefined : (used / limit) * 100;
}
