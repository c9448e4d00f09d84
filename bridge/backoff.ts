/**
 * Retry delays: exponential with "equal jitter" (half fixed, half random), so
 * twenty chairside PCs that lost the server at the same moment do not all
 * come back in the same second, yet none retries sooner than half its step.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A number in [0, 1); injectable for tests. */
  random?: () => number;
}

/** The delay before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  // 2 ** 40 already exceeds any sane cap; clamping keeps the arithmetic finite.
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(Math.max(attempt, 0), 40));
  return Math.round(step / 2 + random() * (step / 2));
}
