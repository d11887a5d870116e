const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One FNV-1a step: folds a 16-bit code unit into the running 32-bit hash. */
export function fnv1aStep(hash: number, codeUnit: number): number {
  return Math.imul(hash ^ codeUnit, FNV_PRIME) >>> 0;
}

/** FNV-1a (32 bits) of the UTF-16 code units of `text`, continuing from `seed` (the FNV offset basis by default). */
export function fnv1a(text: string, seed = FNV_OFFSET_BASIS): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = fnv1aStep(hash, text.charCodeAt(i));
  return hash;
}

/** MurmurHash3's 32-bit finalizer: spreads every input bit over the whole hash, so that any bit can be the sign. */
export function mix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Adds `weight` to the bucket of a feature hash in `vector` (signed feature hashing): the lowest bit of the mixed hash
 * picks the sign, the others the bucket, so that colliding features cancel out on average instead of piling up.
 */
export function addHashedFeature(vector: Float32Array, featureHash: number, weight: number): void {
  const mixed = mix32(featureHash);
  const bucket = (mixed >>> 1) % vector.length;
  vector[bucket] += mixed & 1 ? weight : -weight;
}
