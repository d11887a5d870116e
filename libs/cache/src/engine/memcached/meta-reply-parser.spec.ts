import { MemcachedReplyError, MetaReplyParser, metaFlag, type MetaReply } from './meta-reply-parser';

function parse(...chunks: string[]): (MetaReply | Error)[] {
  const replies: (MetaReply | Error)[] = [];
  const parser = new MetaReplyParser((reply) => replies.push(reply));
  for (const chunk of chunks) parser.push(Buffer.from(chunk));
  return replies;
}

describe('MetaReplyParser', () => {
  it('reads values, status codes and flags in order', () => {
    const [value, miss, stored, header] = parse('VA 5 c12 t-1\r\nab\r\nc\r\nEN\r\nHD\r\nHD t30\r\n');
    expect(value).toEqual({ code: 'VA', flags: ['c12', 't-1'], value: Buffer.from('ab\r\nc') });
    expect(metaFlag(value as MetaReply, 'c')).toBe('12');
    expect(miss).toEqual({ code: 'EN', flags: [] });
    expect(stored).toEqual({ code: 'HD', flags: [] });
    expect(metaFlag(header as MetaReply, 't')).toBe('30');
  });

  it('joins a large value arriving in many chunks once, when it is whole', () => {
    const value = 'x'.repeat(200_000);
    const text = `VA ${value.length} O7\r\n${value}\r\nHD O8\r\n`;
    const chunks = Array.from({ length: Math.ceil(text.length / 1000) }, (_, i) =>
      text.slice(i * 1000, (i + 1) * 1000),
    );
    const replies = parse(...chunks);
    expect(replies.map((r) => (r as MetaReply).code)).toEqual(['VA', 'HD']);
    expect((replies[0] as MetaReply).value?.length).toBe(value.length);
  });

  it('waits for a reply split over chunks, anywhere', () => {
    const text = 'VA 3 c1\r\nabc\r\nNS\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const replies = parse(text.slice(0, cut), text.slice(cut));
      expect(replies.map((r) => (r as MetaReply).code)).toEqual(['VA', 'NS']);
      expect((replies[0] as MetaReply).value?.toString()).toBe('abc');
    }
  });

  it('turns error lines into errors (out of step unless SERVER_ERROR) and refuses bytes that are no reply', () => {
    const [client, server] = parse(
      'CLIENT_ERROR bad data chunk\r\nSERVER_ERROR object too large for cache\r\n',
    );
    expect(client).toBeInstanceOf(MemcachedReplyError);
    expect((client as MemcachedReplyError).outOfStep).toBe(true);
    expect((server as MemcachedReplyError).outOfStep).toBe(false);
    expect(() => parse('VA 3\r\nabcXY')).toThrow('not followed by CRLF');
    expect(() => parse(`VA ${70 * 1024 * 1024}\r\n`)).toThrow('over the limit');
    expect(() => parse('hello world\r\n')).toThrow('unexpected memcached reply');
    expect(() => parse('VA x\r\n')).toThrow('bad memcached value size');
    expect(() => parse('x'.repeat(9000))).toThrow('too long');
  });
});
