import { InvalidInputError } from '../errors/app-error';

/** Largest id a MySQL signed INT column can hold. */
export const MAX_INT_ID = 2_147_483_647;
/** Most ids accepted by one batch read. */
export const MAX_BATCH_IDS = 100;

const DECIMAL_ID = /^[1-9][0-9]{0,9}$/;

/** Parses a path or query id: a positive decimal integer within INT range, nothing else (no signs, exponents, spaces). */
export function parseEntityId(raw: string, name = 'id'): number {
  if (!DECIMAL_ID.test(raw) || Number(raw) > MAX_INT_ID) {
    throw new InvalidInputError(
      `${name} must be a positive integer between 1 and ${MAX_INT_ID}, got "${clip(raw)}"`,
      {
        [name]: clip(raw),
      },
    );
  }
  return Number(raw);
}

/** Parses a comma-separated id list (1..max ids), keeping request order and duplicates. */
export function parseEntityIdList(raw: unknown, max = MAX_BATCH_IDS): number[] {
  if (Array.isArray(raw) || (typeof raw === 'object' && raw !== null)) {
    throw new InvalidInputError('ids must be given once, as one comma-separated list, e.g. ids=1,2,3');
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new InvalidInputError(
      'ids is required: a comma-separated list of positive integers, e.g. ids=1,2,3',
    );
  }
  const parts = raw.split(',');
  if (parts.length > max) {
    throw new InvalidInputError(`ids accepts at most ${max} ids, got ${parts.length}`, {
      count: parts.length,
    });
  }
  return parts.map((part) => parseEntityId(part.trim(), 'each id in ids'));
}

function clip(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}
