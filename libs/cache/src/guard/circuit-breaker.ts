/** Circuit states: closed (calls pass), open (calls short-circuit), half-open (one probe passes). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** A consecutive-failure circuit breaker: after `threshold` failures in a row, calls are skipped for `openMs`. */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current state. */
  get state(): CircuitState {
    if (this.failures < this.threshold) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Whether a call may go through now; in half-open state only one probe at a time does. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** Records a successful call: the circuit closes. */
  success(): void {
    this.failures = 0;
    this.probing = false;
  }

  /** Records a failed call: the circuit opens once the threshold is reached (again, after a failed probe). */
  failure(): void {
    this.failures += 1;
    this.probing = false;
    if (this.failures >= this.threshold) this.openedAt = this.now();
  }
}
