/**
 * A gate that opens at most once per `intervalMs`: for logging a failure that can repeat thousands of times a
 * second (an outage, a flood of bad messages) without flooding the logs.
 */
export function throttle(intervalMs: number, now: () => number = Date.now): () => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const at = now();
    if (at - last < intervalMs) return false;
    last = at;
    return true;
  };
}
