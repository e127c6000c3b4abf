// The gateway's per-key quota: at most `limit` requests in any rolling window of `windowMs`.
// Refused requests do not count, so a blocked key frees up exactly one window after its oldest request.

export interface RateLimitOptions {
  readonly limit: number;
  readonly windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 1000, windowMs: 3_600_000 };

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Requests left in the window after this one. */
  readonly remaining: number;
}

export interface RateLimiter {
  /** Counts a request by `key` at `nowMs` if the window has room. */
  take(key: string, nowMs: number): RateDecision;
  /** What the headers show for a key without counting anything. */
  peek(key: string, nowMs: number): RateDecision;
}

export function createRateLimiter({ limit, windowMs }: RateLimitOptions): RateLimiter {
  // Request times per key, oldest first; entries older than the window are dropped as we go.
  const history = new Map<string, number[]>();
  const inWindow = (key: string, nowMs: number): number[] => {
    const times = history.get(key) ?? [];
    const firstLive = times.findIndex((t) => t > nowMs - windowMs);
    const live = firstLive === -1 ? [] : firstLive === 0 ? times : times.slice(firstLive);
    history.set(key, live);
    return live;
  };
  const decision = (allowed: boolean, used: number): RateDecision => ({
    allowed,
    limit,
    remaining: Math.max(0, limit - used),
  });
  return {
    take(key, nowMs) {
      const times = inWindow(key, nowMs);
      if (times.length >= limit) return decision(false, times.length);
      times.push(nowMs);
      return decision(true, times.length);
    },
    peek(key, nowMs) {
      return decision(true, inWindow(key, nowMs).length);
    },
  };
}
