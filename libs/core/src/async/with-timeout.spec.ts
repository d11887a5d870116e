import { TimeoutError, withTimeout } from './with-timeout';

describe('withTimeout', () => {
  it('passes a value through', async () => {
    await expect(withTimeout(Promise.resolve(7), 50)).resolves.toBe(7);
  });

  it('rejects with a TimeoutError that names the operation', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 10, 'redis get')).rejects.toThrow(new TimeoutError('redis get', 10));
  });
});
