import type { StoredWrite } from '../cache-engine';
import type { CasRead, MemcachedCommands } from './memcached-commands';
import { CasContentionError, MemcachedFencedWrites } from './memcached-fenced-writes';

const write = (version: number, data = `{"v":${version}}`): StoredWrite => ({
  key: 'k',
  previousKey: 'k',
  version,
  data,
  ttlMs: 60_000,
  staleAt: 0,
});

/** Commands over one in-memory item with a CAS token, `loseRaces` sets failing as if another process wrote first. */
function fakeCommands(loseRaces = 0) {
  let item: { value: string; cas: number } | undefined;
  let races = loseRaces;
  const calls = { get: 0, set: 0 };
  const commands = {
    getWithCas: async (): Promise<CasRead> => {
      calls.get++;
      await Promise.resolve();
      return item ? { value: Buffer.from(item.value), cas: String(item.cas) } : { value: null };
    },
    set: async (_key: string, value: string, _ttl: number, condition: { cas: string } | 'add') => {
      calls.set++;
      await Promise.resolve();
      if (races > 0) return races-- < 0; // lost to another process
      if (condition === 'add' ? item !== undefined : String(item?.cas) !== condition.cas) return false;
      item = { value, cas: (item?.cas ?? 0) + 1 };
      return true;
    },
    delete: async () => true,
  };
  return { commands: commands as unknown as MemcachedCommands, calls, stored: () => item?.value };
}

describe('MemcachedFencedWrites', () => {
  it('stores a newer version, refuses an older or equal one', async () => {
    const { commands, stored } = fakeCommands();
    const writes = new MemcachedFencedWrites(commands);
    expect(await writes.write(write(2))).toBe(1);
    expect(await writes.write(write(1))).toBe(0);
    expect(await writes.write(write(2, '{"other":1}'))).toBe(0);
    expect(stored()).toBe('2:0:{"v":2}');
  });

  it('writes of one key never race: 100 at once cost one running write and one merged to the newest', async () => {
    const { commands, calls, stored } = fakeCommands();
    const writes = new MemcachedFencedWrites(commands);
    const versions = Array.from({ length: 100 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    const replies = await Promise.all(versions.map((version) => writes.write(write(version))));
    expect(stored()).toBe('100:0:{"v":100}');
    expect(calls.set).toBeLessThanOrEqual(2);
    expect(replies.filter((reply) => reply === 1).length).toBeGreaterThanOrEqual(1);
    expect(await writes.write(write(101))).toBe(1); // the queue is gone: the next write runs at once
  });

  it('reads again after losing a CAS race, and gives up after ten', async () => {
    const lucky = fakeCommands(3);
    expect(await new MemcachedFencedWrites(lucky.commands).write(write(1))).toBe(1);
    expect(lucky.calls.get).toBe(4);
    const unlucky = fakeCommands(100);
    await expect(new MemcachedFencedWrites(unlucky.commands).write(write(1))).rejects.toBeInstanceOf(
      CasContentionError,
    );
  });
});
