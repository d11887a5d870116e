import { isConnectionError, isRetryableError, isValueOutOfRangeError } from '@fleetcache/db';
import type { ErrorBody } from '@fleetcache/platform';

/**
 * The entity services' translation of MySQL driver errors (raw or wrapped by TypeORM) at the HTTP edge: a value
 * too long for its column is the client's (400), a transient error or an unreachable database a 503 with
 * Retry-After. Other errors are left to the filter (undefined).
 */
export function databaseErrorBody(exception: unknown): ErrorBody | undefined {
  if (isValueOutOfRangeError(exception)) {
    // Validation should have caught it; if it did not, it is still the client's value, not a server fault.
    return {
      error: 'A value is too long or out of range for its field',
      code: 'VALUE_OUT_OF_RANGE',
      statusCode: 400,
    };
  }
  if (isRetryableError(exception)) {
    return {
      error: 'Database busy (deadlock, lock wait, time limit or full pool), try again shortly',
      code: 'DATABASE_BUSY',
      statusCode: 503,
    };
  }
  if (isConnectionError(exception))
    return { error: 'Database unavailable, try again later', code: 'DATABASE_UNAVAILABLE', statusCode: 503 };
  return undefined;
}
