import { exactSearch, MetricKind } from 'usearch';
import type { Neighbour, VectorIndex } from './vector-index';

/** From this many vectors on, the scan runs natively (below, the call costs more than the JS loop saves). */
const NATIVE_FROM = 256;

/**
 * Exact search: every stored vector is compared with the query (a dot product each; natively from 256 vectors).
 * Perfect recall, instant inserts and removals, and no graph to build; rows live in one growing Float32Array.
 */
export class ExactIndex implements VectorIndex {
  private rows: Float32Array;
  private labels: number[] = [];
  private readonly rowOf = new Map<number, number>();

  constructor(
    private readonly dimensions: number,
    initialCapacity = 4,
  ) {
    this.rows = new Float32Array(dimensions * initialCapacity);
  }

  get size(): number {
    return this.labels.length;
  }

  upsert(label: number, vector: Float32Array): void {
    let row = this.rowOf.get(label);
    if (row === undefined) {
      row = this.labels.length;
      this.ensureCapacity(row + 1);
      this.labels.push(label);
      this.rowOf.set(label, row);
    }
    this.rows.set(vector.subarray(0, this.dimensions), row * this.dimensions);
  }

  remove(label: number): void {
    const row = this.rowOf.get(label);
    if (row === undefined) return;
    const last = this.labels.length - 1;
    if (row !== last) {
      // The last row fills the hole, so rows stay contiguous.
      const d = this.dimensions;
      this.rows.copyWithin(row * d, last * d, last * d + d);
      this.labels[row] = this.labels[last];
      this.rowOf.set(this.labels[row], row);
    }
    this.labels.pop();
    this.rowOf.delete(label);
  }

  search(query: Float32Array, k: number): Neighbour[] {
    if (this.labels.length >= NATIVE_FROM) return this.searchNative(query, k);
    const best: Neighbour[] = [];
    const d = this.dimensions;
    for (let row = 0; row < this.labels.length; row++) {
      let dot = 0;
      const offset = row * d;
      for (let i = 0; i < d; i++) dot += this.rows[offset + i] * query[i];
      if (best.length < k || dot > best[best.length - 1].similarity)
        insertSorted(best, { label: this.labels[row], similarity: dot }, k);
    }
    return best;
  }

  /** The same scan in usearch's native exact search (SIMD): several times faster than the loop above at size. */
  private searchNative(query: Float32Array, k: number): Neighbour[] {
    const rows = this.rows.subarray(0, this.labels.length * this.dimensions);
    const count = Math.min(k, this.labels.length);
    const matches = exactSearch(
      rows,
      query.subarray(0, this.dimensions),
      this.dimensions,
      count,
      MetricKind.IP,
      1,
    );
    const found: Neighbour[] = [];
    for (let i = 0; i < matches.keys.length; i++) {
      const label = this.labels[Number(matches.keys[i])];
      // Inner-product distance is 1 − dot; the vectors are unit length, so dot is the cosine similarity.
      if (label !== undefined) found.push({ label, similarity: 1 - (matches.distances as Float32Array)[i] });
    }
    return found;
  }

  *entries(): Iterable<[number, Float32Array]> {
    const d = this.dimensions;
    for (let row = 0; row < this.labels.length; row++)
      yield [this.labels[row], this.rows.subarray(row * d, row * d + d)];
  }

  memoryBytes(): number {
    return this.rows.byteLength + this.labels.length * 16;
  }

  private ensureCapacity(rows: number): void {
    if (rows * this.dimensions <= this.rows.length) return;
    const grown = new Float32Array(
      Math.max(rows, (this.rows.length / this.dimensions) * 2) * this.dimensions,
    );
    grown.set(this.rows);
    this.rows = grown;
  }
}

/** Inserts `item` into `list` (most similar first), keeping at most `k`. */
function insertSorted(list: Neighbour[], item: Neighbour, k: number): void {
  let at = list.length;
  while (at > 0 && list[at - 1].similarity < item.similarity) at--;
  list.splice(at, 0, item);
  if (list.length > k) list.pop();
}
