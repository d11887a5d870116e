/** The driver's error code and number, whether the error is raw or wrapped by TypeORM. */
function driverError(error: unknown): { code?: string; errno?: number; name?: string } {
  const e = error as {
    code?: string;
    errno?: number;
    name?: string;
    driverError?: { code?: string; errno?: number };
  } | null;
  return { code: e?.code ?? e?.driverError?.code, errno: e?.errno ?? e?.driverError?.errno, name: e?.name };
}

/** Whether a driver error is MySQL's duplicate-key error (ER_DUP_ENTRY, 1062). */
export function isDuplicateKeyError(error: unknown): boolean {
  const { code, errno } = driverError(error);
  return code === 'ER_DUP_ENTRY' || errno === 1062;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
]);

/** Whether an error means the database could not be reached (as opposed to a bad statement). */
export function isConnectionError(error: unknown): boolean {
  const { code, name } = driverError(error);
  return (code !== undefined && CONNECTION_CODES.has(code)) || name === 'CannotConnectAlreadyConnectedError';
}

/** Whether MySQL refused a value as too long or out of range for its column (ER_DATA_TOO_LONG 1406, 1264). */
export function isValueOutOfRangeError(error: unknown): boolean {
  const { code, errno } = driverError(error);
  return (
    code === 'ER_DATA_TOO_LONG' || code === 'ER_WARN_DATA_OUT_OF_RANGE' || errno === 1406 || errno === 1264
  );
}

/** Driver errors after which the same request may well succeed if tried again shortly (answered 503 + Retry-After). */
const RETRYABLE_CODES = new Set([
  'ER_LOCK_DEADLOCK', // 1213
  'ER_LOCK_WAIT_TIMEOUT', // 1205
  'ER_STATEMENT_TIMEOUT', // 1969, MariaDB's max_statement_time
  'ER_QUERY_TIMEOUT', // 3024, MySQL's max_execution_time
  'ER_QUERY_INTERRUPTED', // 1317
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);
const RETRYABLE_ERRNOS = new Set([1213, 1205, 1969, 3024, 1317]);
/** mysql2 pool errors, which carry only a message. */
const RETRYABLE_MESSAGES = /^(Pool is closed\.|Queue limit reached\.|No connections available\.)$/;

/** Whether a driver error is transient: a deadlock, a lock wait, a statement limit, a full or closed pool. */
export function isRetryableError(error: unknown): boolean {
  const { code, errno } = driverError(error);
  if (
    (code !== undefined && RETRYABLE_CODES.has(code)) ||
    (errno !== undefined && RETRYABLE_ERRNOS.has(errno))
  )
    return true;
  const e = error as { message?: unknown; driverError?: { message?: unknown } } | null;
  const message = e?.driverError?.message ?? e?.message;
  return typeof message === 'string' && RETRYABLE_MESSAGES.test(message);
}
