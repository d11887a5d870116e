/**
 * One reply of Memcached's meta protocol: its code (`VA` with a value, `HD` stored or found, `NS` not stored, `EX`
 * CAS mismatch, `NF` not found, `EN` miss, `MN` no-op) and its flags (`c123` CAS, `t45` TTL left, …).
 */
export interface MetaReply {
  code: string;
  flags: string[];
  value?: Buffer;
}

/** An error reply (`ERROR`, `CLIENT_ERROR …`, `SERVER_ERROR …`): the command was refused, the connection is fine. */
export class MemcachedReplyError extends Error {
  override readonly name = 'MemcachedReplyError';
}

const CRLF = Buffer.from('\r\n');
/** A header line longer than this is no meta reply: the stream is out of step. */
const MAX_LINE = 8192;

/** The flag of `reply` that starts with `letter`, without the letter (e.g. `c` → the CAS value). */
export function metaFlag(reply: MetaReply, letter: string): string | undefined {
  return reply.flags.find((flag) => flag.startsWith(letter))?.slice(1);
}

/**
 * Splits a byte stream into meta replies, in order. A reply arriving in pieces is kept until it is whole; a value
 * is a view of the received bytes (copied only when it spanned chunks).
 */
export class MetaReplyParser {
  private pending?: Buffer;

  constructor(private readonly onReply: (reply: MetaReply | MemcachedReplyError) => void) {}

  /** Feeds received bytes; throws on bytes that are no meta reply (the caller drops the connection). */
  push(chunk: Buffer): void {
    const buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      const used = this.parseOne(buffer, offset);
      if (used === 0) break;
      offset += used;
    }
    this.pending = offset < buffer.length ? buffer.subarray(offset) : undefined;
    if (this.pending && this.pending.length > MAX_LINE && this.pending.indexOf(CRLF) < 0)
      throw new Error('memcached reply line too long');
  }

  /** Forgets a partial reply (the connection was dropped). */
  reset(): void {
    this.pending = undefined;
  }

  /** Parses one reply at `offset`: the bytes it used, or 0 when it is not whole yet. */
  private parseOne(buffer: Buffer, offset: number): number {
    const eol = buffer.indexOf(CRLF, offset);
    if (eol < 0) return 0;
    const tokens = buffer.toString('latin1', offset, eol).split(' ');
    const code = tokens[0];
    if (code === 'VA') {
      const size = Number(tokens[1]);
      if (!Number.isSafeInteger(size) || size < 0) throw new Error(`bad memcached value size: ${tokens[1]}`);
      const end = eol + 2 + size;
      if (buffer.length < end + 2) return 0;
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
