import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { RespReplyParser, RedisReplyError, type Reply } from './resp-reply-parser';

/** Settings of one direct connection. */
export interface NodeReaderOptions {
  username?: string;
  password?: string;
  tls?: ConnectionOptions;
  /** A read with no reply (or a connect with no answer) for this long drops the connection. */
  replyTimeoutMs: number;
  /** Reads in flight on one connection before further reads go to the cluster client instead. */
  maxInFlight: number;
}

/** Receives the reply of one command, or the error that ended its connection. */
export interface ReplyWaiter {
  settle(reply: Reply | Error): void;
}

/** Why a direct connection failed: its reads fall back to the cluster client, unless it stalled (`stalled`). */
export class NodeConnectionError extends Error {
  override readonly name = 'NodeConnectionError';

  constructor(
    message: string,
    /** The node answered nothing for the reply timeout: its reads already waited their share of the budget. */
    readonly stalled = false,
  ) {
    super(message);
  }
}

const MAX_BACKOFF_MS = 2000;
const MIN_BACKOFF_MS = 50;
const KEEPALIVE_MS = 30_000;

/** A waiter that ignores its reply (AUTH's, whose failure is noticed on the reads behind it). */
const IGNORED: ReplyWaiter = { settle: () => undefined };

/**
 * One raw RESP2 connection to one Redis node, for reads only. Commands issued during one turn of the event loop go
 * out in one socket write (flushed by `setImmediate`, after every ready socket was handled), and replies are matched
 * to their waiters in order. The connection opens on first use and after a failure waits (50 ms doubling to 2 s)
 * before it is tried again; meanwhile {@link available} is false and the caller reads through the cluster client.
 * A connection that answers nothing for `replyTimeoutMs` while reads wait is dropped ({@link checkStalled}).
 */
export class NodeReader {
  private socket?: Socket;
  private waiters: (ReplyWaiter | undefined)[] = [];
  private head = 0;
  private outgoing = '';
  private flushScheduled = false;
  private retryAt = 0;
  private backoffMs = 0;
  private lastProgressAt = 0;
  private closed = false;
  private readonly parser = new RespReplyParser((reply) => this.onReply(reply));

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly options: NodeReaderOptions,
    private readonly onFailure: (reader: NodeReader, error: Error) => void,
  ) {}

  /** Whether a read can go out now: not closed, not backing off after a failure, not saturated. */
  get available(): boolean {
    if (this.closed || this.inFlight >= this.options.maxInFlight) return false;
    return this.socket !== undefined || Date.now() >= this.retryAt;
  }

  /** Commands sent and not answered yet. */
  get inFlight(): number {
    return this.waiters.length - this.head;
  }

  /** Sends `GET key`; `waiter` gets the value (a view of the received bytes), null, or an error. */
  get(key: string, waiter: ReplyWaiter): void {
    this.send(`*2\r\n$3\r\nGET\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`, waiter);
  }

  /** Drops the connection if reads have waited longer than the reply timeout without any reply arriving. */
  checkStalled(now: number): void {
    if (this.inFlight > 0 && now - this.lastProgressAt > this.options.replyTimeoutMs) {
      const message = `no reply from ${this.host}:${this.port} in ${this.options.replyTimeoutMs} ms`;
      this.fail(new NodeConnectionError(message, true));
    }
  }

  /** Closes the connection for good; reads still waiting get an error (and fall back). */
  close(): void {
    this.closed = true;
    this.drop(new NodeConnectionError('direct reader closed'));
  }

  private send(command: string, waiter: ReplyWaiter): void {
    if (!this.socket) this.open();
    if (this.inFlight === 0) this.lastProgressAt = Date.now();
    this.waiters.push(waiter);
    this.outgoing += command;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const data = this.outgoing;
    this.outgoing = '';
    if (data !== '' && this.socket) this.socket.write(data);
  };

  private open(): void {
    const { host, port } = this;
    this.lastProgressAt = Date.now(); // the stall clock of a new connection starts now, AUTH included
    const socket = this.options.tls
      ? connectTls({ servername: isIp(host) ? undefined : host, ...this.options.tls, host, port })
      : connectTcp({ host, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    // Events of a socket this reader has already dropped must not touch the parser or the waiters of its successor.
    const current = () => socket === this.socket;
    socket.on('data', (chunk: Buffer) => current() && this.onData(chunk));
    socket.on('error', (error) => current() && this.fail(error));
    socket.on(
      'close',
      () => current() && this.fail(new NodeConnectionError(`connection to ${host}:${port} closed`)),
    );
    this.socket = socket;
    if (this.options.password) {
      const args = this.options.username
        ? ['AUTH', this.options.username, this.options.password]
        : ['AUTH', this.options.password];
      this.waiters.push(new AuthCheck(this));
      this.outgoing = encodeCommand(args) + this.outgoing;
    }
  }

  private onData(chunk: Buffer): void {
    try {
      this.parser.feed(chunk);
    } catch (error) {
      this.fail(error as Error); // a protocol error: nothing on this connection can be trusted any more
    }
  }

  private onReply(reply: Reply): void {
    const waiter = this.waiters[this.head];
    this.waiters[this.head++] = undefined;
    if (this.head === this.waiters.length) {
      this.waiters = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.waiters.length) {
      this.waiters = this.waiters.slice(this.head);
      this.head = 0;
    }
    this.lastProgressAt = Date.now();
    this.backoffMs = 0;
    (waiter ?? IGNORED).settle(reply);
  }

  /** Ends the connection: every waiting read gets `error`, and the next connect waits for the backoff. */
  fail(error: Error): void {
    if (this.drop(error)) this.onFailure(this, error);
  }

  /** Closes the socket and hands `error` to every waiting read; false when there was nothing to drop. */
  private drop(error: Error): boolean {
    const socket = this.socket;
    if (!socket && this.inFlight === 0) return false;
    this.socket = undefined;
    socket?.destroy();
    this.parser.reset();
    this.outgoing = '';
    const waiting = this.waiters.slice(this.head);
    this.waiters = [];
    this.head = 0;
    this.backoffMs = Math.min(Math.max(this.backoffMs * 2, MIN_BACKOFF_MS), MAX_BACKOFF_MS);
    this.retryAt = Date.now() + this.backoffMs;
    for (const waiter of waiting) waiter?.settle(error);
    return true;
  }
}

/** Fails the connection when AUTH is refused (the reads queued behind it get NOAUTH and fall back as well). */
class AuthCheck implements ReplyWaiter {
  constructor(private readonly reader: NodeReader) {}

  settle(reply: Reply | Error): void {
    // Like ioredis: a server without a password accepts the client anyway.
    if (reply instanceof RedisReplyError && !/no password is set/i.test(reply.message)) {
      this.reader.fail(new NodeConnectionError(`AUTH refused: ${reply.message}`));
    }
  }
}

/** RESP encoding of a command (for the rare commands besides GET). */
export function encodeCommand(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return out;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
