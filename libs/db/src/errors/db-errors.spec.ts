import { isConnectionError, isDuplicateKeyError } from './db-errors';

describe('db error classification', () => {
  it('recognises duplicate keys directly and wrapped by TypeORM', () => {
    expect(isDuplicateKeyError({ code: 'ER_DUP_ENTRY' })).toBe(true);
    expect(isDuplicateKeyError({ driverError: { errno: 1062 } })).toBe(true);
    expect(isDuplicateKeyError(new Error('x'))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });

  it('recognises connection failures', () => {
    expect(isConnectionError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isConnectionError({ driverError: { code: 'PROTOCOL_CONNECTION_LOST' } })).toBe(true);
    expect(isConnectionError({ code: 'ER_PARSE_ERROR' })).toBe(false);
  });
});
