import { Logger } from '@nestjs/common';
import HashRing from 'hashring';
import type { ConnectionOptions } from 'node:tls';
import { throttle } from '@fleetcache/core';
import { ANY_NODE, type NeutralReason, type NodeLocator } from '../../guard/cache-guard';
import { CasContentionError } from './memcached-fenced-writes';
import type { CacheMetrics } from '../../metrics/cache-metrics';
import { MemcachedConnectionError, MetaConnection } from './meta-connection';
import type { MemcachedNode } from './memcached.options';
import { routingKey } from './memcached-keys';

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
  /** Where each node is reached (its IP, when discovery gave one), by its name on the ring. */
  private readonly endpoints = new Map<string, MemcachedNode>();
  private readonly connections = new Map<string, MetaConnection>();
  private closed = false;
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

  /**
   * Replaces the node list: a new ring, connections to the new nodes on first use, the departed ones closed (and a
   * node whose IP changed reconnected). Nodes are named `host:port` on the ring.
   */
  setNodes(nodes: readonly MemcachedNode[]): void {
    const byName = new Map(nodes.map((node) => [`${node.host}:${node.port}`, node]));
    const addresses = [...byName.keys()];
    this.ring = addresses.length > 0 ? new HashRing(addresses) : undefined;
    this.live = new Set(addresses);
    for (const [address, connection] of this.connections) {
      const node = byName.get(address);
      if (node && connection.host === (node.ip ?? node.host)) continue;
      connection.close();
      this.connections.delete(address);
    }
    this.endpoints.clear();
    for (const [address, node] of byName) this.endpoints.set(address, node);
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

  /** A write that lost every CAS race says nothing of its node's health. */
  neutralReason(error: unknown): NeutralReason | undefined {
    return error instanceof CasContentionError ? 'contention' : undefined;
  }

  /** The connection to the node serving `key`. */
  connectionFor(key: string): MetaConnection {
    const address = this.nodeOf(key);
    if (address === ANY_NODE) throw new MemcachedConnectionError('no memcached nodes known yet');
    return this.connectionTo(address);
  }

  /** The connection to the node named `address` ("host:port"), opened on first use; throws once closed. */
  connectionTo(address: string): MetaConnection {
    if (this.closed) throw new MemcachedConnectionError('the memcached engine is shut down');
    let connection = this.connections.get(address);
    if (!connection) {
      const node = this.endpoints.get(address);
      if (!node) throw new MemcachedConnectionError(`${address} is not a node of the ring`);
      // Reached by IP, its certificate is still checked against its name.
      const tls = this.tls && node.ip ? { servername: node.host, ...this.tls } : this.tls;
      connection = new MetaConnection(
        node.ip ?? node.host,
        node.port,
        { replyTimeoutMs: this.replyTimeoutMs, tls },
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

  /** Closes every connection; none opens after. */
  close(): void {
    this.closed = true;
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
