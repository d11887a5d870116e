/** Circuit states: closed (calls pass), open (calls short-circuit), half-open (one probe passes). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A consecutive-failure circuit breaker: after `threshold` failures in a row that span at least `minStreakMs`,
 * calls are skipped for `openMs`, then one probe at a time goes through. The span keeps one burst from opening it:
 * a connection that stalls once fails every read queued on it at the same instant, and the next reads may well
 * succeed; a node that stays down keeps failing and opens the circuit once the failures have lasted `minStreakMs`.
 */
export class CircuitBreaker {
  private failures = 0;
  private streakStartedAt = 0;
  private openedAt = 0;
  private tripped = false;
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
    private readonly minStreakMs = 0,
  ) {}

  /** The current state. */
  get state(): CircuitState {
    if (!this.tripped) return 'closed';
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
    this.tripped = false;
    this.probing = false;
  }

  /** Records a call that says nothing about the node's health (a redirect): a half-open probe may go again. */
  neutral(): void {
    this.probing = false;
  }

  /** Records a failed call: the circuit opens once the streak is long enough, and again after a failed probe. */
  failure(): void {
    const now = this.now();
    if (this.failures === 0) this.streakStartedAt = now;
    this.failures += 1;
    this.probing = false;
    if (this.tripped || (this.failures >= this.threshold && now - this.streakStartedAt >= this.minStreakMs)) {
      this.tripped = true;
      this.openedAt = now;
    }
  }
}
