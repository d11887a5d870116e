import type { ErrorKind } from '@fleetcache/core';

/** The JSON body of every error answer. */
export interface ErrorBody {
  /** Human-readable, says what is wrong. */
  error: string;
  /** Stable machine-readable code. */
  code: string;
  statusCode: number;
  /** Individual problems, e.g. one per invalid field. */
  details?: string[];
}

/** HTTP status of each error kind. */
export const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = Object.freeze({
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unavailable: 503,
  internal: 500,
});
