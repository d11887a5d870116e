import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

const PRICE = /^(0|[1-9][0-9]{0,7})(\.[0-9]{1,2})?$/;

/** Pads a valid decimal string to two places ("12.5" → "12.50") without going through a float. */
function normalize(value: unknown): unknown {
  if (typeof value !== 'string' || !PRICE.test(value)) return value;
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** A price: a decimal string ≥ 0 with at most 8 integer digits and 2 decimals (DECIMAL(10,2)), stored as "12.50". */
export function IsPrice(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => normalize(value))(target, key);
    Matches(PRICE, {
      message: 'price must be a string with a non-negative amount and at most 2 decimals, e.g. "12.50"',
    })(target, key);
  };
}
