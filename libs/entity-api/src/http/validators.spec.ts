import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '@fleetcache/core';
import { etagOf, isNotModified, MAX_IF_MATCH_LENGTH, MAX_IF_MATCH_TAGS, parseIfMatch } from './validators';

const request = (ifNoneMatch?: string) =>
  ({ headers: { 'if-none-match': ifNoneMatch } }) as unknown as FastifyRequest;
const entry = { version: 3, json: '{}' };

describe('HTTP validators', () => {
  it('If-None-Match: matches the current version, weak tags, lists and *', () => {
    expect(etagOf(3)).toBe('"3"');
    expect(isNotModified(request('"3"'), entry)).toBe(true);
    expect(isNotModified(request('W/"3"'), entry)).toBe(true);
    expect(isNotModified(request('"1", "3"'), entry)).toBe(true);
    expect(isNotModified(request('*'), entry)).toBe(true);
    expect(isNotModified(request('"2"'), entry)).toBe(false);
    expect(isNotModified(request(undefined), entry)).toBe(false);
  });

  it('If-None-Match: ignores a malformed header (the full response is always correct)', () => {
    expect(isNotModified(request('3'), entry)).toBe(false);
    expect(isNotModified(request('"3" "4"'), entry)).toBe(false);
    expect(isNotModified(request(', "3",'), entry)).toBe(true); // empty list elements are allowed
  });
});

describe('parseIfMatch', () => {
  it('absent: no condition; *: the entity must exist', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toEqual({ any: true });
    expect(parseIfMatch(' * ')).toEqual({ any: true });
  });

  it('one strong tag or a list of them: the versions they name', () => {
    expect(parseIfMatch('"7"')).toEqual({ oneOf: [7] });
    expect(parseIfMatch('"1", "3"')).toEqual({ oneOf: [1, 3] });
    expect(parseIfMatch('"1","3",\t"1"')).toEqual({ oneOf: [1, 3] });
    expect(parseIfMatch('"1", , "3",')).toEqual({ oneOf: [1, 3] }); // empty list elements are ignored
    expect(parseIfMatch(['"1"', '"3"'])).toEqual({ oneOf: [1, 3] }); // several header lines form one list
    expect(parseIfMatch('"2147483647"')).toEqual({ oneOf: [2147483647] });
  });

  it('weak tags never match (strong comparison), nor do well-formed tags that are no version', () => {
    expect(parseIfMatch('W/"3"')).toEqual({ oneOf: [] });
    expect(parseIfMatch('W/"3", "4"')).toEqual({ oneOf: [4] });
    expect(parseIfMatch('"abc", "0", "03", "2147483648", "a,b"')).toEqual({ oneOf: [] });
  });

  it.each([
    ['no quotes', '7'],
    ['empty', ''],
    ['only commas', ' , ,'],
    ['no comma between tags', '"1" "2"'],
    ['* in a list', '*, "1"'],
    ['lower-case weak prefix', 'w/"1"'],
    ['space after W/', 'W/ "1"'],
    ['a quote inside a tag', '"1"2"'],
    ['a space inside a tag', '"1 2"'],
    ['an unterminated tag', '"1'],
    ['a control character', '"1\u0001"'],
    ['a number', 7],
    ['an object', { a: 1 }],
  ])('malformed (%s) is a 400 that says what is expected', (_, bad) => {
    expect(() => parseIfMatch(bad)).toThrow(InvalidInputError);
    expect(() => parseIfMatch(bad)).toThrow(/If-Match must be \* or a comma-separated list of entity tags/);
  });

  it('refuses more than 20 tags and more than 512 characters with a 400 that says the limit', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `"${i + 1}"`).join(', ');
    expect(parseIfMatch(tags(MAX_IF_MATCH_TAGS))).toEqual({
      oneOf: Array.from({ length: 20 }, (_, i) => i + 1),
    });
    expect(() => parseIfMatch(tags(MAX_IF_MATCH_TAGS + 1))).toThrow(/at most 20 entity tags/);
    expect(() => parseIfMatch(`"${'1'.repeat(MAX_IF_MATCH_LENGTH)}"`)).toThrow(
      /at most 512 characters long, got 514/,
    );
  });
});
