import { AppExceptionFilter } from '@fleetcache/platform';
import { databaseErrorBody } from './database-error-body';

describe('databaseErrorBody at the HTTP edge', () => {
  const filter = new AppExceptionFilter([databaseErrorBody]);

  it('answers 503 DATABASE_UNAVAILABLE for a database connection failure', () => {
    expect(filter.toBody(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toMatchObject({
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
    });
  });

  it('answers 400 VALUE_OUT_OF_RANGE for a value its column refused', () => {
    const error = Object.assign(new Error('too long'), {
      driverError: { code: 'ER_DATA_TOO_LONG', errno: 1406 },
    });
    expect(filter.toBody(error)).toMatchObject({ statusCode: 400, code: 'VALUE_OUT_OF_RANGE' });
  });

  it('answers 503 DATABASE_BUSY for transient driver errors (deadlock, lock wait, statement limit, full pool)', () => {
    const wrapped = (driverError: object) => Object.assign(new Error('query failed'), { driverError });
    for (const error of [
      wrapped({ code: 'ER_LOCK_DEADLOCK', errno: 1213 }),
      wrapped({ code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }),
      wrapped({ errno: 1969 }),
      wrapped({ code: 'ER_QUERY_TIMEOUT', errno: 3024 }),
      new Error('Queue limit reached.'),
      wrapped(new Error('Pool is closed.')),
    ])
      expect(filter.toBody(error)).toMatchObject({ code: 'DATABASE_BUSY', statusCode: 503 });
  });

  it('leaves other errors to the filter', () => {
    expect(databaseErrorBody(new TypeError('x'))).toBeUndefined();
    expect(filter.toBody(new TypeError('x')).statusCode).toBe(500);
  });
});
