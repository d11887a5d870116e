import { throttle } from './throttle';

describe('throttle', () => {
  it('opens once per interval', () => {
    let now = 0;
    const gate = throttle(1000, () => now);
    expect(gate()).toBe(true);
    now = 999;
    expect(gate()).toBe(false);
    now = 1000;
    expect(gate()).toBe(true);
  });
});
