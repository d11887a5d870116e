import { ExactIndex } from './exact-index';
import { HnswIndex } from './hnsw-index';
import { PartitionIndexes } from './partition-indexes';

const DIMS = 32;
function unit(seed: number): Float32Array {
  let x = seed * 2654435761;
  const v = new Float32Array(DIMS).map(() => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31 - 0.5;
  });
  const norm = Math.hypot(...v);
  return v.map((value) => value / norm);
}

describe('vector indexes', () => {
  it('exact and HNSW search find the same nearest neighbour, with its cosine similarity', () => {
    const exact = new ExactIndex(DIMS, 2);
    const graph = new HnswIndex(DIMS);
    for (let i = 0; i < 300; i++) {
      exact.upsert(i, unit(i + 1));
      graph.upsert(i, unit(i + 1));
    }
    for (const probe of [5, 77, 250]) {
      const [e] = exact.search(unit(probe + 1), 3);
      const [g] = graph.search(unit(probe + 1), 3);
      expect(e).toMatchObject({ label: probe });
      expect(g.label).toBe(probe);
      expect(e.similarity).toBeCloseTo(1, 5);
      expect(g.similarity).toBeCloseTo(1, 4);
    }
  });

  it('scans natively from 256 vectors, with the labels right after removals', () => {
    const exact = new ExactIndex(DIMS, 2);
    for (let i = 0; i < 400; i++) exact.upsert(i, unit(i + 1));
    for (let i = 0; i < 400; i += 3) exact.remove(i);
    for (const probe of [1, 200, 398]) {
      const [best] = exact.search(unit(probe + 1), 4);
      expect(best.label).toBe(probe);
      expect(best.similarity).toBeCloseTo(1, 4);
    }
    expect(exact.search(unit(1), 4).map((n) => n.label)).not.toContain(0);
  });

  it('removes and replaces vectors (rows stay contiguous)', () => {
    const exact = new ExactIndex(DIMS, 2);
    for (let i = 0; i < 5; i++) exact.upsert(i, unit(i + 1));
    exact.remove(1);
    exact.upsert(3, unit(100));
    expect(exact.size).toBe(4);
    expect(exact.search(unit(2), 5).map((n) => n.label)).not.toContain(1);
    expect(exact.search(unit(100), 1)[0]).toMatchObject({ label: 3 });
  });

  it('keeps partitions apart and moves one to HNSW when it reaches exactBelow (auto)', () => {
    const indexes = new PartitionIndexes(DIMS, 'auto', 50);
    for (let i = 0; i < 60; i++) indexes.upsert('a', `e${i}`, unit(i + 1));
    indexes.upsert('b', 'only', unit(1000));
    expect(indexes.search('a', unit(10), 1)[0]).toMatchObject({ entryId: 'e9' });
    expect(indexes.search('b', unit(10), 4).map((c) => c.entryId)).toEqual(['only']);
    indexes.remove('b', 'only');
    expect(indexes.partitionIds()).toEqual(['a']);
    expect(indexes.size).toBe(60);
  });
});
