/**
 * One reply of Memcached's meta protocol: its code (`VA` with a value, `HD` stored or found, `NS` not stored, `EX`
 * CAS mismatch, `NF` not found, `EN` miss, `MN` no-op) and its flags (`c123` CAS, `t45` TTL left, `O7` opaque, …).
 */
export interface MetaReply {
  code: string;
  flags: string[];
  value?: Buffer;
}

/**
 * An error reply. `SERVER_ERROR …` refuses one command and leaves the stream in step (Memcached read the command's
 * data); `ERROR` and `CLIENT_ERROR …` may leave the data of a store unread, so after them nothing on the
 * connection can be matched any more (`outOfStep`).
 */
export class MemcachedReplyError extends Error {
  override readonly name = 'MemcachedReplyError';
  readonly outOfStep: boolean;

  constructor(line: string) {
    super(line);
    this.outOfStep = !line.startsWith('SERVER_ERROR');
  }
}

const CRLF = Buffer.from('\r\n');
/** A header line longer than this is no meta reply: the stream is out of step. */
const MAX_LINE = 8192;
/** The largest value accepted (Memcached's own item limit is 1 MB unless raised). */
export const MAX_VALUE_BYTES = 64 * 1024 * 1024;

/** The flag of `reply` that starts with `letter`, without the letter (e.g. `c` → the CAS value). */
export function metaFlag(reply: MetaReply, letter: string): string | undefined {
  return reply.flags.find((flag) => flag.startsWith(letter))?.slice(1);
}

/**
 * Splits a byte stream into meta replies, in order. A reply arriving in pieces is kept until it is whole; a value
 * is a view of the received bytes. Throws on bytes that are no meta reply: a header that is not one, a value
 * larger than {@link MAX_VALUE_BYTES}, a value not followed by CRLF.
 */
export class MetaReplyParser {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes the reply being received needs in all, when its header said (a large value); 0 when unknown. */
  private needed = 0;

  constructor(private readonly onReply: (reply: MetaReply | MemcachedReplyError) => void) {}

  /** Feeds received bytes; throws when they are no meta reply (the caller drops the connection). */
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered < this.needed) return; // a large value still arriving: joined once, when whole
    const buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    let offset = 0;
    for (;;) {
      const used = this.parseOne(buffer, offset);
      if (used <= 0) {
        this.needed = -used;
        break;
      }
      offset += used;
    }
    const rest = offset < buffer.length ? buffer.subarray(offset) : undefined;
    this.chunks = rest ? [rest] : [];
    this.buffered = rest?.length ?? 0;
    if (rest && this.needed === 0 && rest.length > MAX_LINE && rest.indexOf(CRLF) < 0)
      throw new Error('memcached reply line too long');
  }

  /** Forgets a partial reply (the connection was dropped). */
  reset(): void {
    this.chunks = [];
    this.buffered = 0;
    this.needed = 0;
  }

  /**
   * Parses one reply at `offset`: the bytes it used (> 0), or, when it is not whole yet, minus the bytes the
   * buffer needs from `offset` on for it (0 when that is not known yet).
   */
  private parseOne(buffer: Buffer, offset: number): number {
    const eol = buffer.indexOf(CRLF, offset);
    if (eol < 0) return 0;
    const tokens = buffer.toString('latin1', offset, eol).split(' ');
    const code = tokens[0];
    if (code === 'VA') {
      const size = Number(tokens[1]);
      if (!Number.isSafeInteger(size) || size < 0) throw new Error(`bad memcached value size: ${tokens[1]}`);
      if (size > MAX_VALUE_BYTES) throw new Error(`memcached value of ${size} bytes is over the limit`);
      const end = eol + 2 + size;
      if (buffer.length < end + 2) return -(end + 2 - offset);
      if (buffer[end] !== 0x0d || buffer[end + 1] !== 0x0a)
        throw new Error('memcached value not followed by CRLF');
      this.onReply({ code, flags: tokens.slice(2), value: buffer.subarray(eol + 2, end) });
      return end + 2 - offset;
    }
    if (code === 'ERROR' || code === 'CLIENT_ERROR' || code === 'SERVER_ERROR')
      this.onReply(new MemcachedReplyError(tokens.join(' ')));
    else if (/^[A-Z]{2}$/.test(code)) this.onReply({ code, flags: tokens.slice(1) });
    else throw new Error(`unexpected memcached reply: ${tokens.join(' ').slice(0, 80)}`);
    return eol + 2 - offset;
  }
}
