import { Logger } from '@nestjs/common';
import HashRing from 'hashring';
import type { ConnectionOptions } from 'node:tls';
import { throttle } from '@fleetcache/core';
import { ANY_NODE, type NodeLocator } from '../../guard/cache-guard';
import type { CacheMetrics } from '../../metrics/cache-metrics';
import { MemcachedConnectionError, MetaConnection } from './meta-connection';
import type { MemcachedNode } from './memcached.options';
import { routingKey } from './memcached-keys';

/** No node list yet (auto discovery has not answered): every command fails, i.e. is a miss. */
const NO_NODES = new MemcachedConnectionError('no memcached nodes known yet');

/**
 * The Memcached nodes and the consistent hash ring (ketama: 160 points per node, MD5) that places each key on one
 * of them, so adding a fourth node to three moves about a quarter of the keys. Keys are placed by their hash tag
 * ({@link routingKey}). One {@link MetaConnection} per node; {@link setNodes} rebuilds the ring and closes the
 * connections of nodes that left.
 */
export class MemcachedNodes implements NodeLocator {
  private readonly logger = new Logger(MemcachedNodes.name);
  private readonly logGate = throttle(1000);
  private ring?: HashRing;
  private live: ReadonlySet<string> = new Set();
  private readonly connections = new Map<string, MetaConnection>();
  private readonly stallTimer: NodeJS.Timeout;

  constructor(
    private readonly replyTimeoutMs: number,
    private readonly metrics: CacheMetrics,
    private readonly tls?: ConnectionOptions,
  ) {
    this.stallTimer = setInterval(
      () => setImmediate(() => this.checkStalled()),
      Math.min(Math.max(replyTimeoutMs / 4, 10), 100),
    );
    this.stallTimer.unref();
  }

  /** Replaces the node list: a new ring, connections to the new nodes on first use, the departed ones closed. */
  setNodes(nodes: readonly MemcachedNode[]): void {
    const addresses = [...new Set(nodes.map((node) => `${node.host}:${node.port}`))];
    this.ring = addresses.length > 0 ? new HashRing(addresses) : undefined;
    this.live = new Set(addresses);
    for (const [address, connection] of this.connections) {
      if (this.live.has(address)) continue;
      connection.close();
      this.connections.delete(address);
    }
  }

  /** The node list now ("host:port"). */
  get addresses(): string[] {
    return [...this.live];
  }

  nodeOf(key: string | undefined): string {
    if (key === undefined || !this.ring) return ANY_NODE;
    return this.ring.get(routingKey(key));
  }

  liveNodes(): ReadonlySet<string> {
    return this.live;
  }

  /** The connection to the node serving `key`. */
  connectionFor(key: string): MetaConnection {
    const address = this.nodeOf(key);
    if (address === ANY_NODE) throw NO_NODES;
    return this.connectionTo(address);
  }

  /** The connection to `address` ("host:port"), opened on first use. */
  connectionTo(address: string): MetaConnection {
    let connection = this.connections.get(address);
    if (!connection) {
      const split = address.lastIndexOf(':');
      connection = new MetaConnection(
        address.slice(0, split),
        Number(address.slice(split + 1)),
        { replyTimeoutMs: this.replyTimeoutMs, tls: this.tls },
        (failed, error) => this.onFailure(failed, error),
      );
      this.connections.set(address, connection);
    }
    return connection;
  }

  /** Groups key indexes by the node serving them. */
  groupByNode(keys: readonly string[]): Map<string, number[]> {
    const groups = new Map<string, number[]>();
    keys.forEach((key, index) => {
      const node = this.nodeOf(key);
      const group = groups.get(node);
      if (group) group.push(index);
      else groups.set(node, [index]);
    });
    return groups;
  }

  /** Closes every connection. */
  close(): void {
    clearInterval(this.stallTimer);
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
  }

  private checkStalled(): void {
    const now = Date.now();
    for (const connection of this.connections.values()) connection.checkStalled(now);
  }

  private onFailure(connection: MetaConnection, error: Error): void {
    this.metrics.directFailure();
    if (!this.logGate()) return;
    this.logger.warn({
      msg: 'memcached connection failed; its keys are misses until it is back',
      node: connection.address,
      err: error.message,
    });
  }
}
