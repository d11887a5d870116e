import { Deadlines } from './deadlines';
import { TimeoutError } from './with-timeout';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Deadlines', () => {
  it('settles like the promise when it is in time, value or error', async () => {
    const deadlines = new Deadlines(5);
    await expect(deadlines.within(Promise.resolve(7), 100)).resolves.toBe(7);
    await expect(deadlines.within(Promise.reject(new Error('boom')), 100)).rejects.toThrow('boom');
  });

  it('rejects with a TimeoutError once the deadline has passed, within a tick', async () => {
    const deadlines = new Deadlines(5);
    const started = Date.now();
    const never = new Promise<never>(() => undefined);
    await expect(deadlines.within(never, 30, 'redis get')).rejects.toBeInstanceOf(TimeoutError);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(29);
    expect(elapsed).toBeLessThan(200);
  });

  it('keeps each call to its own deadline while others are pending', async () => {
    const deadlines = new Deadlines(5);
    const slow = deadlines.within(
      sleep(60).then(() => 'slow'),
      200,
    );
    const stuck = deadlines.within(new Promise<never>(() => undefined), 20);
    await expect(stuck).rejects.toBeInstanceOf(TimeoutError);
    await expect(slow).resolves.toBe('slow');
  });
});
