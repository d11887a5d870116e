import { parseJsonBody } from './json-body.parser';

const parse = (text: string) => parseJsonBody(Buffer.from(text), { maxDepth: 3, maxMembers: 5 });
const codeOf = (text: string) => {
  try {
    parse(text);
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('parseJsonBody', () => {
  it('parses a body within the limits', () => {
    expect(parse('{"a":[1,{"b":"x"}]}')).toEqual({ a: [1, { b: 'x' }] });
    expect(parseJsonBody(Buffer.alloc(0))).toBeUndefined();
  });

  it.each([
    ['one level too deep', '{"a":[[[1]]]}', 'BODY_TOO_DEEP'],
    [
      '20,000 nested arrays (no stack overflow)',
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      'BODY_TOO_DEEP',
    ],
    ['six members', '{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}', 'BODY_TOO_LARGE'],
    ['members counted across levels', '{"a":[1,2],"b":[3,4]}', 'BODY_TOO_LARGE'],
    ['a lone surrogate in a value', '{"a":"\\ud800"}', 'INVALID_UNICODE'],
    ['a lone surrogate in a key', '{"\\udc00":1}', 'INVALID_UNICODE'],
    ['a __proto__ key', '{"__proto__":{"x":1}}', 'INVALID_BODY'],
    ['broken JSON', '{"a":', 'INVALID_JSON'],
  ])('refuses %s', (_name, text, code) => {
    expect(codeOf(text)).toBe(code);
  });

  it('accepts a well-formed surrogate pair and refuses bytes that are not UTF-8', () => {
    expect(parse('{"a":"\\ud83d\\ude00"}')).toEqual({ a: '😀' });
    expect(() => parseJsonBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toThrow(
      /not valid UTF-8/,
    );
  });
});
