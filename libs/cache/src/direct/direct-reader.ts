// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- cluster-key-slot ships no types
/// <reference path="../types/cluster-key-slot.d.ts" />
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import calculateSlot from 'cluster-key-slot';
import type { Cluster } from 'ioredis';
import { throttle } from '@fleetcache/core';
import type { RedisConnectionOptions } from '../cache.options';
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  isCluster,
  tlsOptions,
  type RedisClient,
} from '../connection/redis-client.factory';
import type { CacheMetrics } from '../metrics/cache-metrics';
import { NodeConnectionError, NodeReader, type ReplyWaiter } from './node-reader';
import type { Reply } from './resp-reply-parser';

/** A value read by GET: its bytes, or null when the key does not exist. */
export type ReadValue = Buffer | null;

/** Most reads waiting on one direct connection; past it, reads go through the cluster client. */
export const DIRECT_MAX_IN_FLIGHT = 4096;

/**
 * The hot read path: `GET` on a raw connection to the master that owns the key's slot, with every read issued in one
 * event-loop turn sent in one socket write per master. It costs a fraction of a cluster-client command (no command
 * object, no per-command timer, no redirection bookkeeping), which is most of what a cache hit adds to a request.
 *
 * The cluster client stays the authority: its slot map says where a slot lives (read at every call, so it is as
 * current as the client), and every read the direct path cannot answer goes through it instead. That covers a
 * MOVED or ASK reply (the client follows the redirect and refreshes its map), a node that is down or slow, a
 * connection that is backing off or saturated, an unknown slot map, and any error reply. Direct connections
 * authenticate like the client (ACL user and password) and use TLS when it does.
 */
export class DirectReader implements OnApplicationShutdown {
  private readonly logger = new Logger(DirectReader.name);
  private readonly logGate = throttle(1000);
  private readonly readers = new Map<string, NodeReader>();
  private readonly single?: NodeReader;
  private readonly stallTimer: NodeJS.Timeout;
  private closed = false;
  private readonly replyTimeoutMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisConnectionOptions,
    private readonly metrics: CacheMetrics,
  ) {
    this.replyTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    if (!isCluster(redis))
      this.single = this.createReader(`${options.nodes[0].host}:${options.nodes[0].port}`);
    else redis.on('-node', this.onNodeRemoved);
    // Judged after the I/O of the turn (setImmediate): a loop blocked past the timeout is not a stalled node.
    this.stallTimer = setInterval(
      () => setImmediate(() => this.checkStalled()),
      Math.min(Math.max(this.replyTimeoutMs / 4, 10), 100),
    );
    this.stallTimer.unref();
  }

  /**
   * Reads one key: direct when possible, else through the cluster client, which also answers what the node refused
   * or could not answer after a lost connection. Rejects when the node stalled past the reply timeout.
   */
  get(key: string): Promise<ReadValue> {
    const reader = this.readerFor(key);
    if (!reader) return this.viaClient(key, 'unrouted');
    return new Promise<ReadValue>((resolve, reject) =>
      reader.get(key, new SingleRead(key, reader, this, resolve, reject)),
    );
  }

  /**
   * Reads many keys with one write per master (keys the direct path cannot serve go through the cluster client).
   * Never rejects: a key whose read failed everywhere is `undefined`, i.e. a miss.
   */
  async getMany(keys: readonly string[]): Promise<(ReadValue | undefined)[]> {
    const out: (ReadValue | undefined)[] = new Array(keys.length).fill(undefined);
    const groups = new Map<NodeReader | undefined, number[]>();
    keys.forEach((key, index) => {
      const reader = this.readerFor(key);
      const group = groups.get(reader);
      if (group) group.push(index);
      else groups.set(reader, [index]);
    });
    this.metrics.pipelinesSent(groups.size);
    await Promise.all(
      [...groups].map(([reader, indexes]) =>
        reader
          ? this.readGroup(reader, keys, indexes, out)
          : this.fallbackMany(keys, indexes, out, 'unrouted'),
      ),
    );
    return out;
  }

  /** Closes every direct connection (the cluster client is closed by its own owner). */
  onApplicationShutdown(): void {
    this.closed = true;
    this.redis.off('-node', this.onNodeRemoved);
    clearInterval(this.stallTimer);
    for (const reader of this.readers.values()) reader.close();
    this.readers.clear();
  }

  /** Reads `key` through the cluster client (also the fallback of a direct read that failed) (which follows redirects, queues during failovers and retries). */
  viaClient(key: string, reason: string): Promise<ReadValue> {
    this.metrics.directFallback(reason);
    return this.redis.getBuffer(key);
  }

  /** The direct connection to the master of `key`'s slot, if the slot map is known and that connection can take it. */
  private readerFor(key: string): NodeReader | undefined {
    if (this.closed) return undefined;
    const reader = this.single ?? this.clusterReaderFor(key);
    return reader?.available ? reader : undefined;
  }

  private clusterReaderFor(key: string): NodeReader | undefined {
    const nodeKey = (this.redis as Cluster).slots[calculateSlot(key)]?.[0];
    if (!nodeKey) return undefined;
    return this.readers.get(nodeKey) ?? this.createReader(nodeKey);
  }

  private createReader(nodeKey: string): NodeReader {
    const split = nodeKey.lastIndexOf(':');
    const reader = new NodeReader(
      nodeKey.slice(0, split),
      Number(nodeKey.slice(split + 1)),
      {
        username: this.options.username,
        password: this.options.password,
        tls: tlsOptions(this.options.tls),
        replyTimeoutMs: this.replyTimeoutMs,
        maxInFlight: DIRECT_MAX_IN_FLIGHT,
      },
      (failed, error) => this.onReaderFailure(failed, error),
    );
    this.readers.set(nodeKey, reader);
    return reader;
  }

  private readGroup(
    reader: NodeReader,
    keys: readonly string[],
    indexes: number[],
    out: (ReadValue | undefined)[],
  ): Promise<void> {
    return new Promise<number[]>((resolve) => {
      const batch = new GroupRead(reader, indexes, out, resolve);
      for (const index of indexes) reader.get(keys[index], batch);
    }).then((failed) => (failed.length > 0 ? this.fallbackMany(keys, failed, out, 'reply') : undefined));
  }

  private async fallbackMany(
    keys: readonly string[],
    indexes: number[],
    out: (ReadValue | undefined)[],
    reason: string,
  ): Promise<void> {
    await Promise.all(
      indexes.map(async (index) => {
        out[index] = await this.viaClient(keys[index], reason).catch(() => undefined);
      }),
    );
  }

  /** A node left the cluster client's pool (failed over, removed): its direct connection goes too. */
  private readonly onNodeRemoved = (node: { options: { host?: string; port?: number } }): void => {
    const nodeKey = `${node.options.host}:${node.options.port}`;
    this.readers.get(nodeKey)?.close();
    this.readers.delete(nodeKey);
  };

  private checkStalled(): void {
    const now = Date.now();
    for (const reader of this.readers.values()) reader.checkStalled(now);
  }

  private onReaderFailure(reader: NodeReader, error: Error): void {
    this.metrics.directFailure();
    if (!this.logGate()) return;
    this.logger.warn({
      msg: 'direct read connection failed; reads of its slots go through the cluster client',
      node: `${reader.host}:${reader.port}`,
      err: error.message,
    });
  }
}

/**
 * One direct GET: resolves with the value, or with a read through the cluster client when the node refused it or
 * its connection failed; rejects when the node stalled (the read already used its time: the guard makes it a miss).
 */
class SingleRead implements ReplyWaiter {
  constructor(
    private readonly key: string,
    private readonly reader: NodeReader,
    private readonly owner: DirectReader,
    private readonly resolve: (value: ReadValue | Promise<ReadValue>) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  settle(reply: Reply | Error): void {
    if (reply === null || reply instanceof Buffer) return this.resolve(reply);
    if (isStall(reply)) return this.reject(reply);
    checkInStep(this.reader, reply);
    this.resolve(this.owner.viaClient(this.key, fallbackReason(reply)));
  }
}

/** The GETs of one batch on one connection: sent back to back, so their replies arrive in the same order. */
class GroupRead implements ReplyWaiter {
  private next = 0;
  private readonly failed: number[] = [];

  constructor(
    private readonly reader: NodeReader,
    private readonly indexes: number[],
    private readonly out: (ReadValue | undefined)[],
    private readonly resolve: (failed: number[]) => void,
  ) {}

  settle(reply: Reply | Error): void {
    const index = this.indexes[this.next++];
    if (reply === null || reply instanceof Buffer) this.out[index] = reply;
    else if (!isStall(reply)) {
      checkInStep(this.reader, reply);
      this.failed.push(index); // refused or connection lost: read it through the cluster client
    } // a stalled node's keys stay misses: they already waited the reply timeout
    if (this.next === this.indexes.length) this.resolve(this.failed);
  }
}

function isStall(reply: Reply | Error): reply is NodeConnectionError {
  return reply instanceof NodeConnectionError && reply.stalled;
}

/** A GET is answered by a value, nil or an error: any other reply means replies and waiters are out of step. */
function checkInStep(reader: NodeReader, reply: Reply | Error): void {
  if (!(reply instanceof Error))
    reader.fail(new NodeConnectionError(`unexpected reply to GET: ${String(reply)}`));
}

function fallbackReason(reply: Reply | Error): string {
  if (!(reply instanceof Error)) return 'unexpected_reply';
  if (reply.name !== 'RedisReplyError') return 'connection';
  return /^(MOVED|ASK)\b/.test(reply.message) ? 'redirect' : 'error_reply';
}
