import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker(3, 1000, () => now);

  beforeEach(() => (now = 0));

  it('opens after the threshold of consecutive failures and short-circuits', () => {
    const cb = breaker();
    cb.failure();
    cb.failure();
    expect(cb.allow()).toBe(true);
    cb.failure();
    expect(cb.state).toBe('open');
    expect(cb.allow()).toBe(false);
  });

  it('lets one probe through after openMs; success closes, failure reopens', () => {
    const cb = breaker();
    [1, 2, 3].forEach(() => cb.failure());
    now = 1000;
    expect(cb.allow()).toBe(true);
    expect(cb.allow()).toBe(false);
    cb.failure();
    expect(cb.state).toBe('open');
    now = 2000;
    expect(cb.allow()).toBe(true);
    cb.success();
    expect(cb.state).toBe('closed');
  });

  it('a burst of failures at one instant does not open it; failures that last do', () => {
    const cb = new CircuitBreaker(3, 1000, () => now, 500);
    for (let i = 0; i < 300; i++) cb.failure(); // one stalled connection fails every read queued on it
    expect(cb.state).toBe('closed');
    now = 250;
    cb.failure();
    expect(cb.state).toBe('closed');
    now = 500;
    cb.failure(); // still failing half a second later: the node is down
    expect(cb.state).toBe('open');
  });

  it('a success resets the failure count', () => {
    const cb = breaker();
    cb.failure();
    cb.failure();
    cb.success();
    cb.failure();
    expect(cb.state).toBe('closed');
  });
});
