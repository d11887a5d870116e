import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { metaFlag, MetaReplyParser, type MemcachedReplyError, type MetaReply } from './meta-reply-parser';

/** Settings of one connection to one Memcached node. */
export interface MetaConnectionOptions {
  /** Node TLS options when the node speaks TLS (with `servername` when it is reached by IP). */
  tls?: ConnectionOptions;
  /** A command with no reply for this long drops the connection. */
  replyTimeoutMs: number;
}

/** The connection failed (closed, errored, stalled, out of step): every command waiting on it gets this. */
export class MemcachedConnectionError extends Error {
  override readonly name = 'MemcachedConnectionError';
}

interface Waiter {
  resolve(reply: MetaReply): void;
  reject(error: Error): void;
  /** The opaque token the command carried (`O<n>`), echoed by the reply; undefined for `mn`. */
  opaque?: string;
}

const MIN_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 2000;
const KEEPALIVE_MS = 30_000;
/** How long connecting (TCP, and TLS's handshake) may take at least, whatever the reply timeout. */
const MIN_CONNECT_TIMEOUT_MS = 1000;
/** Commands waiting on one connection at most; past it, commands fail at once (a miss). */
export const MAX_IN_FLIGHT = 4096;

/**
 * One connection to one Memcached node, speaking the meta protocol. Commands issued during one turn of the event
 * loop go out in one socket write (a batch read of many keys is one round trip), and replies are matched to their
 * commands in order; every command carries an opaque token (`O<n>`) that its reply must echo, so a reply can never
 * be taken for another command's: a mismatch, an `ERROR` or a `CLIENT_ERROR` (which can leave a store's data
 * unread) drops the connection. The connection opens on first use; after a failure it waits (50 ms doubling to
 * 2 s) before it is tried again, and meanwhile commands fail at once (the guard makes them misses). A connection
 * that answers nothing for `replyTimeoutMs` while commands wait is dropped ({@link checkStalled}).
 */
export class MetaConnection {
  private socket?: Socket;
  private connected = false;
  private waiters: (Waiter | undefined)[] = [];
  private head = 0;
  private outgoing: string[] = [];
  private flushScheduled = false;
  private retryAt = 0;
  private backoffMs = 0;
  private lastProgressAt = 0;
  private nextOpaque = 0;
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

  /**
   * Sends one command (`line` without its CRLF, then `data` for a store) and resolves with its reply. Meta
   * commands (`mg`, `ms`, `md`) get an opaque token; `mn` takes none.
   */
  request(line: string, data?: string): Promise<MetaReply> {
    if (this.closed) return Promise.reject(new MemcachedConnectionError('connection closed'));
    if (!this.socket && Date.now() < this.retryAt)
      return Promise.reject(new MemcachedConnectionError(`${this.address} is backing off after a failure`));
    if (this.inFlight >= MAX_IN_FLIGHT)
      return Promise.reject(
        new MemcachedConnectionError(`${this.address} has ${MAX_IN_FLIGHT} commands waiting`),
      );
    return new Promise<MetaReply>((resolve, reject) => {
      this.ensureSocket();
      if (this.inFlight === 0) this.lastProgressAt = Date.now();
      const opaque = line === 'mn' ? undefined : (this.nextOpaque = (this.nextOpaque + 1) % 1e9).toString(36);
      this.waiters.push({ resolve, reject, opaque });
      const command = opaque === undefined ? line : `${line} O${opaque}`;
      this.outgoing.push(data === undefined ? `${command}\r\n` : `${command}\r\n${data}\r\n`);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Drops the connection when commands have waited past their time with no reply (or no connection). */
  checkStalled(now: number): void {
    if (this.inFlight === 0) return;
    const limit = this.connected
      ? this.options.replyTimeoutMs
      : Math.max(this.options.replyTimeoutMs, MIN_CONNECT_TIMEOUT_MS);
    if (now - this.lastProgressAt > limit)
      this.fail(new MemcachedConnectionError(`${this.address} answered nothing for ${limit} ms`));
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
    const tls = this.options.tls;
    const socket = tls ? connectTls({ host, port, ...tls }) : connectTcp({ host, port });
    this.connected = false;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      this.connected = true;
      this.lastProgressAt = Date.now();
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) =>
      this.fail(new MemcachedConnectionError(`${this.address}: ${error.message}`)),
    );
    socket.on('close', () =>
      this.fail(new MemcachedConnectionError(`${this.address} closed the connection`)),
    );
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

  /** Hands a reply to the oldest waiter; throws (dropping the connection) when it cannot be that waiter's. */
  private onReply(reply: MetaReply | MemcachedReplyError): void {
    const waiter = this.waiters[this.head];
    if (!waiter) throw new Error('a reply nobody asked for');
    this.waiters[this.head++] = undefined;
    if (this.head === this.waiters.length) {
      this.waiters = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.waiters.length) {
      this.waiters = this.waiters.slice(this.head);
      this.head = 0;
    }
    if (reply instanceof Error) {
      waiter.reject(reply);
      if (reply.outOfStep) throw new Error(`out of step after "${reply.message}"`);
      return;
    }
    if (waiter.opaque !== undefined && metaFlag(reply, 'O') !== waiter.opaque) {
      waiter.reject(new MemcachedConnectionError(`${this.address}: a reply for another command`));
      throw new Error(
        `reply ${reply.code} carries opaque ${metaFlag(reply, 'O')}, expected ${waiter.opaque}`,
      );
    }
    this.backoffMs = 0;
    waiter.resolve(reply);
  }

  /** Ends the socket and fails every waiting command; the next command reconnects after the backoff. */
  private fail(error: Error): void {
    const socket = this.socket;
    const waiters = this.waiters.slice(this.head);
    this.socket = undefined;
    this.connected = false;
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
    for (const waiter of waiters) waiter?.reject(error);
  }
}
