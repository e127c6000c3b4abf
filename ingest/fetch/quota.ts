// The key's rolling quota as seen from here: the last X-RateLimit-Remaining, and when our own requests
// were made, so that when it reaches 0 we know when the window frees a slot.
import type { QuotaPolicy } from '../types.ts';

export interface RateLimitInfo {
  readonly limit: number | null;
  readonly remaining: number | null;
}

export interface QuotaOptions {
  /** At remaining 0: wait for the window, or throw QuotaExhaustedError. */
  readonly policy: QuotaPolicy;
  /** The gateway's rolling window. */
  readonly windowMs: number;
}

// Requests are recorded when their response (or failure) arrived: the gateway counted them at some
// moment between our send and then, so one window after that moment it has certainly let them go,
// however late the request reached it. The margin only covers rounding and clock rate.
const CLOCK_MARGIN_SHARE = 0.01;

export interface QuotaTracker {
  /** A request the gateway counted (everything but a 429) was answered (or failed) at `atMs`. */
  record(atMs: number): void;
  /** Headers of a response received at `atMs`. */
  observe(rateLimit: RateLimitInfo, atMs: number): void;
  /** When the next request can succeed, if the quota is used up; null when there is no need to wait. */
  resumeAt(nowMs: number): number | null;
}

export function createQuotaTracker(windowMs: number): QuotaTracker {
  let sent: number[] = [];
  let remaining: number | null = null;
  let observedAt = 0;
  return {
    record(atMs) {
      sent = sent.filter((t) => t > atMs - windowMs);
      sent.push(atMs);
    },
    observe(rateLimit, atMs) {
      if (rateLimit.remaining === null) return;
      remaining = rateLimit.remaining;
      observedAt = atMs;
    },
    resumeAt(nowMs) {
      if (remaining !== 0) return null;
      // The first slot frees when the oldest request in the window at the time of the 0 leaves it. With
      // none of ours in there, someone else used the key: a whole window is the safe answer.
      const oldest = sent.find((t) => t > observedAt - windowMs) ?? observedAt;
      const resumeAt = Math.ceil(oldest + windowMs * (1 + CLOCK_MARGIN_SHARE));
      return resumeAt > nowMs ? resumeAt : null;
    },
  };
}
