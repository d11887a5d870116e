import { parseEntityId, parseEntityIdList } from './entity-id';
import { InvalidInputError } from '../errors/app-error';

describe('parseEntityId', () => {
  it.each(['1', '42', '2147483647'])('accepts %s', (raw) => {
    expect(parseEntityId(raw)).toBe(Number(raw));
  });

  it.each(['0', '-1', 'abc', '1e3', '01', '1.5', ' 1', '', '2147483648', '12345678901234567890', '0x10'])(
    'rejects %j with an InvalidInputError',
    (raw) => {
      expect(() => parseEntityId(raw)).toThrow(InvalidInputError);
    },
  );
});

describe('parseEntityIdList', () => {
  it('keeps order and duplicates, trims spaces', () => {
    expect(parseEntityIdList('3, 1,3')).toEqual([3, 1, 3]);
  });

  it('rejects more than the maximum', () => {
    const raw = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    expect(() => parseEntityIdList(raw)).toThrow(/at most 100 ids, got 101/);
  });

  it('says how to pass a repeated parameter', () => {
    expect(() => parseEntityIdList(['1', '2'])).toThrow(/given once/);
  });

  it.each([undefined, '', '1,,2', '1,x'])('rejects %j', (raw) => {
    expect(() => parseEntityIdList(raw)).toThrow(InvalidInputError);
  });
});
