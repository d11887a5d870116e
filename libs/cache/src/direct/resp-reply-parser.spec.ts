import { RespReplyParser, RedisReplyError, type Reply } from './resp-reply-parser';

function parse(...chunks: (string | Buffer)[]): Reply[] {
  const replies: Reply[] = [];
  const parser = new RespReplyParser((reply) => replies.push(reply));
  for (const chunk of chunks) parser.feed(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return replies;
}

const text = (reply: Reply) => (Buffer.isBuffer(reply) ? reply.toString() : reply);

describe('RespReplyParser', () => {
  it('parses bulk strings, nil, simple strings, integers and errors in one chunk', () => {
    const replies = parse('$5\r\nhello\r\n$-1\r\n+OK\r\n:42\r\n-MOVED 3999 127.0.0.1:7001\r\n$0\r\n\r\n');
    expect(replies.map(text)).toEqual(['hello', null, 'OK', 42, expect.any(RedisReplyError), '']);
    expect((replies[4] as Error).message).toBe('MOVED 3999 127.0.0.1:7001');
  });

  it('keeps a reply split at every possible byte and completes it with the next chunk', () => {
    const wire = '$12\r\nhello\r\nworld\r\n:7\r\n$-1\r\n';
    for (let cut = 1; cut < wire.length; cut++) {
      expect(parse(wire.slice(0, cut), wire.slice(cut)).map(text)).toEqual(['hello\r\nworld', 7, null]);
    }
  });

  it('assembles a large value that arrives in many small chunks', () => {
    const value = 'é'.repeat(100_000);
    const wire = Buffer.from(`$${Buffer.byteLength(value)}\r\n${value}\r\n+OK\r\n`);
    const chunks = [];
    for (let i = 0; i < wire.length; i += 1000) chunks.push(wire.subarray(i, i + 1000));
    expect(parse(...chunks).map(text)).toEqual([value, 'OK']);
  });

  it('refuses what it does not expect: arrays, RESP3 types and malformed lengths', () => {
    expect(() => parse('*1\r\n$1\r\na\r\n')).toThrow(/unexpected RESP reply type/);
    expect(() => parse('%1\r\n')).toThrow(/unexpected RESP reply type/);
    expect(() => parse('$1x\r\nab\r\n')).toThrow(/malformed RESP length/);
    expect(() => parse('$\r\n')).toThrow(/malformed RESP length/);
    expect(() => parse('$2\r\nabc\r\n')).toThrow(/malformed RESP bulk string/);
  });

  it('stops at once when a reply handler resets it (the connection was dropped)', () => {
    const replies: Reply[] = [];
    const parser: RespReplyParser = new RespReplyParser((reply) => {
      replies.push(reply);
      parser.reset();
    });
    parser.feed(Buffer.from(':1\r\n:2\r\n$3\r\nab'));
    parser.feed(Buffer.from(':3\r\n'));
    expect(replies).toEqual([1, 3]);
  });
});
