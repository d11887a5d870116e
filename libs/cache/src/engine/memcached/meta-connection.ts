import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { MetaReplyParser, type MemcachedReplyError, type MetaReply } from './meta-reply-parser';

/** Settings of one connection to one Memcached node. */
export interface MetaConnectionOptions {
  /** Node TLS options when the node speaks TLS. */
  tls?: ConnectionOptions;
  /** A command with no reply (or a connect with no answer) for this long drops the connection. */
  replyTimeoutMs: number;
}

/** The connection failed (closed, errored, stalled): every command waiting on it gets this. */
export class MemcachedConnectionError extends Error {
  override readonly name = 'MemcachedConnectionError';
}

interface Waiter {
  resolve(reply: MetaReply): void;
  reject(error: Error): void;
}

const MIN_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 2000;
const KEEPALIVE_MS = 30_000;

/**
 * One connection to one Memcached node, speaking the meta protocol. Commands issued during one turn of the event
 * loop go out in one socket write (a batch read of many keys is one round trip), and replies are matched to their
 * commands in order. The connection opens on first use; after a failure it waits (50 ms doubling to 2 s) before it
 * is tried again, and meanwhile commands fail at once (the guard makes them misses). A connection that answers
 * nothing for `replyTimeoutMs` while commands wait is dropped ({@link checkStalled}).
 */
export class MetaConnection {
  private socket?: Socket;
  private waiters: Waiter[] = [];
  private head = 0;
  private outgoing: (string | Buffer)[] = [];
  private flushScheduled = false;
  private retryAt = 0;
  private backoffMs = 0;
  private lastProgressAt = 0;
  private closed = false;
  private readonly parser = new MetaReplyParser((reply) => this.onReply(reply));

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly options: MetaConnectionOptions,
    private readonly onFailure: (connection: MetaConnection, error: Error) => void,
  ) {}

  /** `host:port`. */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Commands sent and not answered yet. */
  get inFlight(): number {
    return this.waiters.length - this.head;
  }

  /** Sends one command (`line` without its CRLF, then `data` for a store) and resolves with its reply. */
  request(line: string, data?: string): Promise<MetaReply> {
    if (this.closed) return Promise.reject(new MemcachedConnectionError('connection closed'));
    if (!this.socket && Date.now() < this.retryAt)
      return Promise.reject(new MemcachedConnectionError(`${this.address} is backing off after a failure`));
    return new Promise<MetaReply>((resolve, reject) => {
      this.ensureSocket();
      if (this.inFlight === 0) this.lastProgressAt = Date.now();
      this.waiters.push({ resolve, reject });
      this.outgoing.push(data === undefined ? `${line}\r\n` : `${line}\r\n${data}\r\n`);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Drops the connection when commands have waited `replyTimeoutMs` with no reply. */
  checkStalled(now: number): void {
    if (this.inFlight > 0 && now - this.lastProgressAt > this.options.replyTimeoutMs)
      this.fail(new MemcachedConnectionError(`${this.address} answered nothing for ${this.options.replyTimeoutMs} ms`));
  }

  /** Closes the connection for good; waiting commands fail. */
  close(): void {
    this.closed = true;
    this.fail(new MemcachedConnectionError('connection closed'));
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (!this.socket || this.outgoing.length === 0) return;
    const batch = this.outgoing.length === 1 ? this.outgoing[0] : this.outgoing.join('');
    this.outgoing = [];
    this.socket.write(batch);
  };

  private ensureSocket(): void {
    if (this.socket) return;
    const { host, port } = this;
    const socket = this.options.tls
      ? connectTls({ host, port, ...this.options.tls })
      : connectTcp({ host, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(new MemcachedConnectionError(`${this.address}: ${error.message}`)));
    socket.on('close', () => this.fail(new MemcachedConnectionError(`${this.address} closed the connection`)));
    this.socket = socket;
  }

  private onData(chunk: Buffer): void {
    this.lastProgressAt = Date.now();
    try {
      this.parser.push(chunk);
    } catch (error) {
      this.fail(new MemcachedConnectionError(`${this.address}: ${(error as Error).message}`));
    }
  }

  private onReply(reply: MetaReply | MemcachedReplyError): void {
    const waiter = this.waiters[this.head];
    if (!waiter) throw new Error('a reply nobody asked for');
    this.waiters[this.head++] = undefined as unknown as Waiter;
    if (this.head === this.waiters.length) {
      this.waiters = [];
      this.head = 0;
    }
    this.backoffMs = 0;
    if (reply instanceof Error) waiter.reject(reply);
    else waiter.resolve(reply);
  }

  /** Ends the socket and fails every waiting command; the next command reconnects after the backoff. */
  private fail(error: Error): void {
    const socket = this.socket;
    const waiters = this.waiters.slice(this.head);
    this.socket = undefined;
    this.waiters = [];
    this.head = 0;
    this.outgoing = [];
    this.parser.reset();
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      if (!this.closed) {
        this.backoffMs = Math.min(Math.max(this.backoffMs * 2, MIN_BACKOFF_MS), MAX_BACKOFF_MS);
        this.retryAt = Date.now() + this.backoffMs;
        this.onFailure(this, error);
      }
    }
    for (const waiter of waiters) waiter.reject(error);
  }
}
