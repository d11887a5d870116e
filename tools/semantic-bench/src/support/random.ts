/** A seeded pseudo-random generator: floats in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast and deterministic for a given seed (the benchmark's inputs are reproducible). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function gaussian(random: Random): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** `vector` scaled to unit length, in place (a zero vector stays zero). */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

/** A random direction of `dimensions` (uniform on the sphere: normalized Gaussian coordinates). */
export function randomUnitVector(dimensions: number, random: Random): Float32Array {
  const vector = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) vector[i] = gaussian(random);
  return normalizeInPlace(vector);
}

/**
 * A unit vector near `vector`: Gaussian noise of total length about `noise` added, then normalized. With noise 0.5 its
 * cosine similarity to the original is about 0.9, while two random vectors of 384 dimensions are near 0.
 */
export function perturbed(vector: Float32Array, noise: number, random: Random): Float32Array {
  const scale = noise / Math.sqrt(vector.length);
  const copy = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) copy[i] = vector[i] + gaussian(random) * scale;
  return normalizeInPlace(copy);
}

/** Dot product (the cosine similarity of unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) sum += a[i] * b[i];
  return sum;
}

/** `items` shuffled in place (Fisher–Yates) with `random`. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
