import { WriteRepairs, type FencedWrite } from './write-repairs';

const write = (version: number): FencedWrite => ({
  entity: 'user',
  id: 1,
  version,
  data: `v${version}`,
  ttlMs: 1000,
});

describe('WriteRepairs', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps the newest version per key and forgets writes that land', async () => {
    const landed: [string, number][] = [];
    const repairs = new WriteRepairs(async (key, w) => (landed.push([key, w.version]), true), 10_000);
    repairs.add('a', write(2));
    repairs.add('a', write(1));
    repairs.add('b', write(1));
    expect(repairs.has('a')).toBe(true);
    await repairs.retryAll();
    expect(landed).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(repairs.size).toBe(0);
    repairs.stop();
  });

  it('keeps everything while Redis still fails, and retries later', async () => {
    let up = false;
    const repairs = new WriteRepairs(async () => up, 10);
    repairs.add('a', write(1));
    await repairs.retryAll();
    expect(repairs.has('a')).toBe(true);
    up = true;
    await new Promise((r) => setTimeout(r, 50));
    expect(repairs.has('a')).toBe(false);
    repairs.stop();
  });

  it('backs off while writes keep failing, and lands the writes of healthy shards meanwhile', async () => {
    // Fake timers (and clock): the gaps are the schedule's, not a loaded machine's.
    jest.useFakeTimers();
    const attempts: number[] = [];
    const repairs = new WriteRepairs(
      async (key) => (key === 'b' && attempts.push(Date.now()), key !== 'b'),
      20,
      100,
      160,
    );
    repairs.add('a', write(1));
    repairs.add('b', write(1)); // its shard is down
    repairs.add('c', write(1));
    await repairs.retryAll();
    expect([repairs.has('a'), repairs.has('b'), repairs.has('c')]).toEqual([false, true, false]);
    await jest.advanceTimersByTimeAsync(700);
    repairs.stop();
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(gaps.length).toBeLessThanOrEqual(6); // 40, 80, 160, 160 ... instead of every 20 ms (35 attempts)
    expect(gaps[1]).toBeGreaterThan(gaps[0] * 1.5);
  });

  it('is bounded', () => {
    const repairs = new WriteRepairs(async () => true, 10_000, 2);
    ['a', 'b', 'c'].forEach((k) => repairs.add(k, write(1)));
    expect([repairs.has('a'), repairs.has('b'), repairs.has('c')]).toEqual([false, true, true]);
    repairs.stop();
  });
});
