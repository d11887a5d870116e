import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '@fleetcache/core';
import { etagOf, isNotModified, parseIfMatch } from './validators';

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

  it('If-Match: a version tag, absent or *; anything else is a 400', () => {
    expect(parseIfMatch('"7"')).toBe(7);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
    for (const bad of ['7', '"0"', '"abc"', '"1", "2"', ['"1"']])
      expect(() => parseIfMatch(bad)).toThrow(InvalidInputError);
  });
});
