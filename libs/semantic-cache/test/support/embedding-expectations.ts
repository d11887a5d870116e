import { EmbedderError } from '../../src/embed/embedder';
import { dotProduct } from '../../src/embed/normalize-vector';

/** Expects two vectors of one length whose components differ by less than 1e-5. */
export function expectSameVector(actual: Float32Array, expected: Float32Array | number[]): void {
  expect(actual).toHaveLength(expected.length);
  const largestDifference = Math.max(...Array.from(actual, (value, i) => Math.abs(value - expected[i])));
  expect(largestDifference).toBeLessThan(1e-5);
}

/** Expects a vector of L2 norm 1 (to 5 decimals). */
export function expectUnitLength(vector: Float32Array): void {
  expect(Math.sqrt(dotProduct(vector, vector))).toBeCloseTo(1, 5);
}

/** Expects `promise` to reject with an {@link EmbedderError}, and returns it. */
export async function embedderError(promise: Promise<unknown>): Promise<EmbedderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(EmbedderError);
  return error as EmbedderError;
}
