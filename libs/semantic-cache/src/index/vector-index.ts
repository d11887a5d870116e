/** A stored vector close to a query: its label and its cosine similarity (vectors are unit length). */
export interface Neighbour {
  label: number;
  similarity: number;
}

/** Nearest-neighbour search over unit vectors by cosine similarity. Labels are small non-negative integers. */
export interface VectorIndex {
  /** How many vectors it holds. */
  readonly size: number;
  /** Adds the vector of `label`, replacing the one it had. */
  upsert(label: number, vector: Float32Array): void;
  /** Removes the vector of `label`, if any. */
  remove(label: number): void;
  /** Up to `k` neighbours of `query`, most similar first. */
  search(query: Float32Array, k: number): Neighbour[];
  /** Every label and vector it holds (to move them into another index). */
  entries(): Iterable<[number, Float32Array]>;
  /** Bytes it holds, roughly. */
  memoryBytes(): number;
}
