/** A Redis error reply (`-MOVED 42 10.0.0.1:6379`, `-NOAUTH …`). */
export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError';
}

/** A reply the direct reader can receive: bulk string (Buffer), nil, simple string, integer or error. */
export type Reply = Buffer | string | number | null | RedisReplyError;

const CR = 13;
const DIGIT_0 = 48;

/**
 * Incremental parser of RESP2 replies for the direct reader, which sends only commands answered by scalars (GET,
 * AUTH, PING). Bulk strings come back as views of the received chunk (no copy). Replies split over chunks are
 * kept until complete; a long value is collected chunk by chunk and joined once. Anything else (an array, a RESP3
 * type, garbage) is a protocol error: the owner drops the connection.
 */
export class RespReplyParser {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private neededBytes = 0; // bytes that must be pending before parsing again; 0 = unknown (a header is split)
  private epoch = 0; // bumped by reset(): a reply handler that dropped the connection stops the loop in feed()

  constructor(private readonly onReply: (reply: Reply) => void) {}

  /** Parses what `chunk` completes; throws on a protocol error. */
  feed(chunk: Buffer): void {
    let buffer = chunk;
    if (this.pending.length > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes < this.neededBytes) return;
      buffer = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
    }
    const epoch = this.epoch;
    let position = 0;
    while (position < buffer.length && epoch === this.epoch) {
      const next = this.parseOne(buffer, position);
      if (next < 0) {
        this.keep(buffer.subarray(position), -next);
        return;
      }
      position = next;
    }
  }

  /** Drops a partial reply (the connection it came from is gone). */
  reset(): void {
    this.epoch++;
    this.pending = [];
    this.pendingBytes = 0;
    this.neededBytes = 0;
  }

  private keep(rest: Buffer, needed: number): void {
    this.pending = [rest];
    this.pendingBytes = rest.length;
    this.neededBytes = needed;
  }

  /** Parses one reply at `start`: the position after it, or minus the bytes needed (1 = unknown) when incomplete. */
  private parseOne(buffer: Buffer, start: number): number {
    const lineEnd = buffer.indexOf(CR, start + 1);
    if (lineEnd < 0 || lineEnd + 1 >= buffer.length) return -1;
    const type = buffer[start];
    if (type === 0x24 /* $ */) {
      const length = readInteger(buffer, start + 1, lineEnd);
      if (length < 0) {
        this.onReply(null);
        return lineEnd + 2;
      }
      const from = lineEnd + 2;
      const end = from + length + 2;
      if (end > buffer.length) return -(end - start);
      if (buffer[end - 2] !== CR) throw new Error('malformed RESP bulk string');
      this.onReply(buffer.subarray(from, from + length));
      return end;
    }
    const line = buffer.toString('latin1', start + 1, lineEnd);
    if (type === 0x2b /* + */) this.onReply(line);
    else if (type === 0x2d /* - */) this.onReply(new RedisReplyError(line));
    else if (type === 0x3a /* : */) this.onReply(Number(line));
    else throw new Error(`unexpected RESP reply type ${JSON.stringify(String.fromCharCode(type))}`);
    return lineEnd + 2;
  }
}

function readInteger(buffer: Buffer, from: number, to: number): number {
  if (buffer[from] === 0x2d /* - */) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = buffer[i] - DIGIT_0;
    if (digit < 0 || digit > 9) throw new Error('malformed RESP length');
    value = value * 10 + digit;
  }
  if (to === from) throw new Error('malformed RESP length');
  return value;
}
