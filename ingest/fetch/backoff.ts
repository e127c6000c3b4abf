// Delays between attempts: exponential, with full jitter so that many clients (or many retries) spread
// out. A 429 waits much longer and keeps at least half its step: a throttled key gains nothing from a
// quick retry.
import type { FaultReason } from './errors.ts';

export interface RetryPolicy {
  /** Attempts per page, the first included. */
  readonly maxAttempts: number;
  /** First backoff step for 5xx, timeouts, resets, truncated or malformed bodies. */
  readonly baseDelayMs: number;
  /** First backoff step after a 429. */
  readonly rateLimitedBaseDelayMs: number;
  /** Cap on any one delay. */
  readonly maxDelayMs: number;
}

/** Delay before the next attempt after the `failures`-th failure (1-based) of one page. */
export function backoffDelayMs(
  reason: FaultReason,
  failures: number,
  policy: RetryPolicy,
  random: () => number,
): number {
  const rateLimited = reason === 'rate-limited';
  const base = rateLimited ? policy.rateLimitedBaseDelayMs : policy.baseDelayMs;
  const step = Math.min(policy.maxDelayMs, base * 2 ** (failures - 1));
  return Math.round(rateLimited ? step / 2 + (random() * step) / 2 : random() * step);
}
