import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../standin/rate-limit.ts';

describe('stand-in rate limit', () => {
  it('allows `limit` requests per rolling window and counts down remaining', () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000 });
    expect([0, 10, 20].map((t) => limiter.take('k', t))).toEqual([
      { allowed: true, limit: 3, remaining: 2 },
      { allowed: true, limit: 3, remaining: 1 },
      { allowed: true, limit: 3, remaining: 0 },
    ]);
    expect(limiter.take('k', 999)).toEqual({ allowed: false, limit: 3, remaining: 0 });
  });

  it('frees a slot exactly one window after the oldest counted request; refusals do not count', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000 });
    limiter.take('k', 0);
    limiter.take('k', 500);
    expect(limiter.take('k', 600).allowed).toBe(false);
    expect(limiter.take('k', 999.9).allowed).toBe(false);
    expect(limiter.take('k', 1000)).toEqual({ allowed: true, limit: 2, remaining: 0 });
    expect(limiter.take('k', 1400).allowed).toBe(false);
    expect(limiter.take('k', 1500).allowed).toBe(true);
  });

  it('keeps keys apart, and peek counts nothing', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000 });
    expect(limiter.peek('a', 0).remaining).toBe(1);
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.peek('a', 1).remaining).toBe(0);
    expect(limiter.take('b', 1).allowed).toBe(true);
    expect(limiter.take('a', 2).allowed).toBe(false);
  });
});
