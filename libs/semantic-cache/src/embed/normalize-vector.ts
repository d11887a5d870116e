/**
 * Scales `vector` in place to unit length (L2 norm 1) and returns it, so that the dot product of two such vectors is
 * their cosine similarity. A zero vector (an empty text) stays zero: nothing is divided by 0, and it matches nothing.
 * Throws a RangeError when a component is NaN or infinite (callers turn it into their own error).
 */
export function l2NormalizeInPlace(vector: Float32Array): Float32Array {
  let sumOfSquares = 0;
  for (let i = 0; i < vector.length; i++) sumOfSquares += vector[i] * vector[i];
  if (!Number.isFinite(sumOfSquares)) throw new RangeError('The vector has a NaN or infinite component');
  if (sumOfSquares === 0) return vector;
  const scale = 1 / Math.sqrt(sumOfSquares);
  for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  return vector;
}

/** A new unit-length Float32Array with the direction of `values` (see {@link l2NormalizeInPlace}). */
export function toUnitVector(values: ArrayLike<number>): Float32Array {
  return l2NormalizeInPlace(Float32Array.from(values));
}

/** The dot product of two vectors of the same length: their cosine similarity when both have unit length. */
export function dotProduct(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`Vectors of ${a.length} and ${b.length} dimensions`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
