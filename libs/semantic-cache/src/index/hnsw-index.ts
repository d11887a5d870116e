import { Index, MetricKind, ScalarKind } from 'usearch';
import type { Neighbour, VectorIndex } from './vector-index';

/** Graph settings of the HNSW index: links per node, and the candidate lists of inserts and searches. */
export const HNSW_SETTINGS = { connectivity: 16, expansionAdd: 128, expansionSearch: 96 } as const;

/**
 * Approximate search on an HNSW graph (usearch, native, prebuilt for Linux, macOS and Windows): a search visits
 * a few hundred vectors instead of all of them, so it stays near a millisecond at 100k vectors. Cosine metric; its
 * distance is 1 − similarity. Vectors are also kept here, so the index can hand them on.
 */
export class HnswIndex implements VectorIndex {
  private readonly index: Index;
  private readonly vectors = new Map<number, Float32Array>();

  constructor(private readonly dimensions: number) {
    this.index = new Index({
      dimensions,
      metric: MetricKind.Cos,
      connectivity: HNSW_SETTINGS.connectivity,
      expansion_add: HNSW_SETTINGS.expansionAdd,
      expansion_search: HNSW_SETTINGS.expansionSearch,
      quantization: ScalarKind.F32,
      multi: false,
    });
  }

  get size(): number {
    return this.vectors.size;
  }

  upsert(label: number, vector: Float32Array): void {
    const key = BigInt(label);
    if (this.vectors.has(label)) this.index.remove(key);
    const copy = Float32Array.from(vector.subarray(0, this.dimensions));
    this.index.add(key, copy);
    this.vectors.set(label, copy);
  }

  remove(label: number): void {
    if (!this.vectors.delete(label)) return;
    this.index.remove(BigInt(label));
  }

  search(query: Float32Array, k: number): Neighbour[] {
    if (this.vectors.size === 0) return [];
    const matches = this.index.search(query, Math.min(k, this.vectors.size), 1);
    const found: Neighbour[] = [];
    for (let i = 0; i < matches.keys.length; i++) {
      const label = Number(matches.keys[i]);
      if (this.vectors.has(label)) found.push({ label, similarity: 1 - matches.distances[i] });
    }
    return found;
  }

  entries(): Iterable<[number, Float32Array]> {
    return this.vectors.entries();
  }

  memoryBytes(): number {
    // The vectors twice (ours and the graph's) and about 2 × connectivity links of 4 bytes per node.
    return this.vectors.size * (this.dimensions * 8 + HNSW_SETTINGS.connectivity * 8 + 64);
  }
}
