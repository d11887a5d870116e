import { Transform } from 'class-transformer';

/** Parses an env string as an integer; leaves the raw value in place when it is not one, so validation reports it. */
export function EnvInt(): PropertyDecorator {
  return Transform(({ value }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
  );
}

/** Parses "true"/"false"/"1"/"0" (any case) as a boolean. */
export function EnvBool(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    return value;
  });
}
