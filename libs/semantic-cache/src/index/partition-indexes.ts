import { ExactIndex } from './exact-index';
import { HnswIndex } from './hnsw-index';
import type { VectorIndex } from './vector-index';

/** Which search each partition uses: `exact`, `hnsw`, or `auto` (exact until `exactBelow` entries, then HNSW). */
export type IndexKind = 'auto' | 'exact' | 'hnsw';

/** An entry near a query, in one partition. */
export interface Candidate {
  entryId: string;
  similarity: number;
}

interface Partition {
  index: VectorIndex;
  labelOf: Map<string, number>;
  entryOf: Map<number, string>;
}

/**
 * The nearest-neighbour indexes of this instance, one per partition (a search never crosses partitions, so scope,
 * model and parameters are kept apart by construction). Entry ids map to numeric labels. With `auto`, a partition
 * starts on exact search and moves to an HNSW graph once it holds `exactBelow` entries: the default is above the
 * default bound of a partition (10,000), so a graph (whose build costs milliseconds per vector, on the event loop) is built
 * only where the bound was raised (docs/semantic-cache.md).
 */
export class PartitionIndexes {
  private readonly partitions = new Map<string, Partition>();
  private nextLabel = 0;
  private entries = 0;

  constructor(
    private readonly dimensions: number,
    private readonly kind: IndexKind = 'auto',
    private readonly exactBelow = 16_384,
  ) {}

  /** Adds or replaces the vector of an entry. */
  upsert(partition: string, entryId: string, vector: Float32Array): void {
    if (vector.length !== this.dimensions || vector.every((value) => value === 0)) return; // exact-only entries
    const p = this.partitionOf(partition, true);
    let label = p.labelOf.get(entryId);
    if (label === undefined) {
      label = this.nextLabel++;
      this.entries++;
      p.labelOf.set(entryId, label);
      p.entryOf.set(label, entryId);
    }
    p.index.upsert(label, vector);
    if (this.kind === 'auto' && p.index instanceof ExactIndex && p.index.size >= this.exactBelow)
      this.promote(p);
  }

  /** Forgets an entry (deleted, evicted, expired). */
  remove(partition: string, entryId: string): void {
    const p = this.partitions.get(partition);
    const label = p?.labelOf.get(entryId);
    if (!p || label === undefined) return;
    p.index.remove(label);
    p.labelOf.delete(entryId);
    p.entryOf.delete(label);
    this.entries--;
    if (p.labelOf.size === 0) this.partitions.delete(partition);
  }

  /** Up to `k` entries of `partition` nearest to `query`, most similar first. */
  search(partition: string, query: Float32Array, k: number): Candidate[] {
    const p = this.partitions.get(partition);
    if (!p) return [];
    return p.index.search(query, k).flatMap(({ label, similarity }) => {
      const entryId = p.entryOf.get(label);
      return entryId === undefined ? [] : [{ entryId, similarity }];
    });
  }

  /** Whether the entry is indexed. */
  has(partition: string, entryId: string): boolean {
    return this.partitions.get(partition)?.labelOf.has(entryId) ?? false;
  }

  /** The entry ids of a partition. */
  entryIds(partition: string): string[] {
    return [...(this.partitions.get(partition)?.labelOf.keys() ?? [])];
  }

  /** Every partition indexed here. */
  partitionIds(): string[] {
    return [...this.partitions.keys()];
  }

  /** Entries held, over all partitions. */
  get size(): number {
    return this.entries;
  }

  /** Bytes held by the indexes, roughly (vectors, graph links, id maps). */
  memoryBytes(): number {
    let total = 0;
    for (const p of this.partitions.values()) total += p.index.memoryBytes() + p.labelOf.size * 120;
    return total;
  }

  private partitionOf(partition: string, create: boolean): Partition {
    let p = this.partitions.get(partition);
    if (!p && create) {
      const index = this.kind === 'hnsw' ? new HnswIndex(this.dimensions) : new ExactIndex(this.dimensions);
      p = { index, labelOf: new Map(), entryOf: new Map() };
      this.partitions.set(partition, p);
    }
    return p as Partition;
  }

  private promote(p: Partition): void {
    const graph = new HnswIndex(this.dimensions);
    for (const [label, vector] of p.index.entries()) graph.upsert(label, vector);
    p.index = graph;
  }
}
