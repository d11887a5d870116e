import { Test, type TestingModule } from '@nestjs/testing';
import { CacheModule, DerivedCache, type DerivedValue } from '../src/index';
import { testCacheOptions } from '../src/testing';

const list = (members: number[]): DerivedValue => ({ json: JSON.stringify(members), members });

describe('derived values (the trending list)', () => {
  let module: TestingModule;
  let derived: DerivedCache;
  let n = 0;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [CacheModule.forRoot(testCacheOptions('cluster'))],
    }).compile();
    await module.init();
    derived = module.get(DerivedCache);
  });
  afterAll(() => module.close());

  it('a member changed while the list is being recomputed (none cached) refuses that recompute’s fill', async () => {
    const name = `race-${n++}`;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = jest.fn(async () => (await gate, list([7, 8])));
    const first = derived.getOrCompute(name, 'trending', compute);
    await new Promise((r) => setTimeout(r, 50)); // the recompute has read the generation and is computing
    expect(await derived.invalidate(name, 7)).toBe(true); // product 7 changed meanwhile
    release();
    expect((await first).source).toBe('database');
    const again = await derived.getOrCompute(name, 'trending', async () => list([7, 8]));
    expect(again.source).toBe('database'); // the first fill, possibly holding 7 as it was, never landed
    expect((await derived.getOrCompute(name, 'trending', compute)).source).toBe('cache');
  });

  it('a change of an entity outside the list during a recompute does not refuse its fill (no starvation under writes)', async () => {
    const name = `other-${n++}`;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = derived.getOrCompute(name, 'trending', async () => (await gate, list([1, 2])));
    await new Promise((r) => setTimeout(r, 50));
    await derived.invalidate(name, 99); // some other product changed
    release();
    await first;
    expect((await derived.getOrCompute(name, 'trending', async () => list([5]))).json).toBe('[1,2]'); // it landed
  });

  it('a reader arriving after an invalidation does not join the compute that began before it', async () => {
    const name = `join-${n++}`;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const before = derived.getOrCompute(name, 'trending', async () => (await gate, list([7])));
    await new Promise((r) => setTimeout(r, 50));
    await derived.invalidate(name, 7);
    const after = derived.getOrCompute(name, 'trending', async () => ({ json: '"fresh"', members: [7] }));
    release();
    await before;
    expect((await after).json).toBe('"fresh"');
  });

  it('keeps a cached list when the changed entity is not in it', async () => {
    const name = `keep-${n++}`;
    await derived.getOrCompute(name, 'trending', async () => list([1, 2]));
    expect(await derived.invalidate(name, 3)).toBe(false);
    expect(await derived.invalidate(name, 2)).toBe(true);
  });

  it('concurrent readers of a missing list share one recompute', async () => {
    const name = `flight-${n++}`;
    const compute = jest.fn(async () => (await new Promise((r) => setTimeout(r, 30)), list([1])));
    const results = await Promise.all(
      Array.from({ length: 20 }, () => derived.getOrCompute(name, 'trending', compute)),
    );
    expect(compute).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.json === '[1]')).toBe(true);
  });
});
