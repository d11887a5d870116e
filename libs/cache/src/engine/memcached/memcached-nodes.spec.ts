import { CacheMetrics } from '../../metrics/cache-metrics';
import { MemcachedNodes } from './memcached-nodes';

const node = (port: number) => ({ host: '10.0.0.1', port });
const keys = Array.from({ length: 20_000 }, (_, i) => `fc:v2:{user:${i}}`);

function placement(ports: number[]): string[] {
  const nodes = new MemcachedNodes(250, new CacheMetrics());
  nodes.setNodes(ports.map(node));
  const placed = keys.map((key) => nodes.nodeOf(key));
  nodes.close();
  return placed;
}

describe('MemcachedNodes (ketama ring)', () => {
  it('spreads keys over every node, none with more than 45 % of them', () => {
    const placed = placement([1, 2, 3]);
    const counts = new Map<string, number>();
    placed.forEach((address) => counts.set(address, (counts.get(address) ?? 0) + 1));
    expect(counts.size).toBe(3);
    for (const count of counts.values()) expect(count / keys.length).toBeLessThan(0.45);
  });

  it('adding a fourth node to three moves about a quarter of the keys (modulo hashing would move three quarters)', () => {
    const before = placement([1, 2, 3]);
    const after = placement([1, 2, 3, 4]);
    const moved = before.filter((address, i) => address !== after[i]);
    expect(moved.length / keys.length).toBeGreaterThan(0.15);
    expect(moved.length / keys.length).toBeLessThan(0.35);
    const movedTo = new Set(before.flatMap((address, i) => (address !== after[i] ? [after[i]] : [])));
    expect([...movedTo]).toEqual(['10.0.0.1:4']); // keys only move to the new node
    const modulo = keys.filter((_, i) => i % 3 !== i % 4).length;
    expect(modulo / keys.length).toBeGreaterThan(0.7);
  });

  it('removing a node moves only its own keys', () => {
    const before = placement([1, 2, 3]);
    const after = placement([1, 3]);
    before.forEach((address, i) => {
      if (address !== '10.0.0.1:2') expect(after[i]).toBe(address);
    });
  });

  it('places an entity and its lease on one node (by hash tag), and lists the live nodes', () => {
    const nodes = new MemcachedNodes(250, new CacheMetrics());
    nodes.setNodes([node(1), node(2), node(3), node(2)]);
    for (let id = 0; id < 50; id++)
      expect(nodes.nodeOf(`fc:v2:{user:${id}}:lease`)).toBe(nodes.nodeOf(`fc:v2:{user:${id}}`));
    expect([...nodes.liveNodes()].sort()).toEqual(['10.0.0.1:1', '10.0.0.1:2', '10.0.0.1:3']);
    nodes.setNodes([]);
    expect(nodes.nodeOf('fc:v2:{user:1}')).toBe('any');
    expect(() => nodes.connectionFor('fc:v2:{user:1}')).toThrow('no memcached nodes');
    nodes.close();
  });
});
