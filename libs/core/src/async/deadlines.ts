import { TimeoutError } from './with-timeout';

interface Pending {
  at: number;
  expire(): void;
}

/**
 * Many short deadlines on one coarse timer. {@link Deadlines.within} settles like the promise, or rejects with a
 * {@link TimeoutError} once its time has passed (noticed at the next tick, so up to `tickMs` late). No timer is
 * created per call: for hot paths where a setTimeout per call is measurable. The timer runs only while calls are
 * pending and never keeps the process alive.
 */
export class Deadlines {
  private readonly pending = new Set<Pending>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly tickMs = 25) {}

  within<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { at: Date.now() + ms, expire: () => reject(new TimeoutError(what, ms)) };
      this.pending.add(entry);
      if (!this.timer) this.start();
      promise.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  private start(): void {
    // The sweep runs after the I/O of the loop turn in which the timer fired (setImmediate): when the event loop
    // was blocked past a deadline, a reply that arrived meanwhile is read first and wins, instead of a timeout
    // that only measured the block.
    this.timer = setInterval(() => setImmediate(() => this.sweep()), this.tickMs);
    this.timer.unref();
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending) {
      if (entry.at > now) continue;
      this.pending.delete(entry);
      entry.expire();
    }
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
