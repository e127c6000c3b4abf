import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../ingest/config.ts';
import { backoffDelayMs } from '../../ingest/fetch/backoff.ts';
import { ApiKeyRejectedError, RetryableFault, UnexpectedResponseError } from '../../ingest/fetch/errors.ts';
import { interpretResponse } from '../../ingest/fetch/interpret.ts';
import { createQuotaTracker } from '../../ingest/fetch/quota.ts';
import { makeRedactor } from '../../ingest/fetch/redact.ts';
import { fetchTuning } from '../../ingest/fetch/tuning.ts';

describe('backoff', () => {
  const policy = { maxAttempts: 6, baseDelayMs: 100, rateLimitedBaseDelayMs: 6000, maxDelayMs: 1000 };

  it('is full jitter over an exponential step, capped', () => {
    expect(backoffDelayMs('server-error', 1, policy, () => 0)).toBe(0);
    expect([1, 2, 3, 4, 5].map((failures) => backoffDelayMs('timeout', failures, policy, () => 0.999_999))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelayMs('truncated', 3, policy, () => 0.5)).toBe(200);
  });

  it('after a 429 waits from the long base and never less than half the step', () => {
    const long = { ...policy, maxDelayMs: 60_000 };
    expect(backoffDelayMs('rate-limited', 1, long, () => 0)).toBe(3000);
    expect(backoffDelayMs('rate-limited', 1, long, () => 0.999_999)).toBe(6000);
    expect(backoffDelayMs('rate-limited', 2, long, () => 0)).toBe(6000);
  });

  it('defaults: ~1 s for transient faults, ~60 s for 429', () => {
    const { retry } = fetchTuning(DEFAULTS);
    expect(retry.baseDelayMs).toBe(1000);
    expect(retry.rateLimitedBaseDelayMs).toBe(60_000);
  });
});

describe('quota tracker', () => {
  it('has nothing to say until remaining reaches 0', () => {
    const quota = createQuotaTracker(1000);
    quota.record(0);
    quota.observe({ limit: 3, remaining: 2 }, 5);
    expect(quota.resumeAt(10)).toBeNull();
    quota.observe({ limit: null, remaining: null }, 6); // no headers: keeps what it knew
    expect(quota.resumeAt(10)).toBeNull();
  });

  it('at 0, resumes one window (plus 1 % margin) after the oldest of our requests still in it was answered', () => {
    const quota = createQuotaTracker(1000);
    for (const t of [0, 300, 600]) quota.record(t);
    quota.observe({ limit: 3, remaining: 0 }, 610);
    expect(quota.resumeAt(700)).toBe(1010);
    expect(quota.resumeAt(1010)).toBeNull(); // the 0 is stale once the window has moved on
  });

  it('forgets requests older than the window, and assumes a whole window when none of ours is in it', () => {
    const quota = createQuotaTracker(1000);
    quota.record(0);
    quota.record(1500);
    quota.observe({ limit: 1, remaining: 0 }, 1510);
    expect(quota.resumeAt(1600)).toBe(2510);
    const someoneElse = createQuotaTracker(1000);
    someoneElse.observe({ limit: 5, remaining: 0 }, 100);
    expect(someoneElse.resumeAt(100)).toBe(1110);
  });
});

describe('interpreting a response', () => {
  const KEY = 'interp-key-77aa';
  const redact = makeRedactor(KEY);
  const rateLimit = { limit: 1000, remaining: 10 };
  const page = {
    links: { self: `http://x/?api_key=${KEY}` },
    page: { size: 1, total_elements: 1, total_pages: 1, number: 0 },
    near_earth_objects: [],
  };
  const interpret = (status: number, body: string) => () => interpretResponse(4, { status, body, rateLimit }, redact);
  const thrown = (fn: () => unknown): Error => {
    try {
      fn();
    } catch (error) {
      return error as Error;
    }
    throw new Error('did not throw');
  };

  it('returns the parsed envelope of a 200', () => {
    expect(interpret(200, JSON.stringify(page))()).toEqual(page);
  });

  it('stops on 403 with a message pointing at NASA_API_KEY', () => {
    const error = thrown(interpret(403, JSON.stringify({ error: { code: 'API_KEY_INVALID', message: `bad ${KEY}` } })));
    expect(error).toBeInstanceOf(ApiKeyRejectedError);
    expect(error.message).toMatch(/NASA_API_KEY/);
    expect(error.message).toMatch(/API_KEY_INVALID/);
  });

  it('treats 429, 5xx, cut and malformed bodies as retryable, without quoting the key', () => {
    const cases: [number, string, string][] = [
      [429, '{"error":{"code":"OVER_RATE_LIMIT"}}', 'rate-limited'],
      [503, '<html>503</html>', 'server-error'],
      [200, JSON.stringify(page).slice(0, 40), 'malformed'],
      [200, `{"links":{"self":"http://x/?api_key=${KEY}"`, 'malformed'],
      [200, JSON.stringify({ ...page, page: { size: KEY } }), 'malformed'],
    ];
    for (const [status, body, reason] of cases) {
      const error = thrown(interpret(status, body));
      expect(error).toBeInstanceOf(RetryableFault);
      expect((error as RetryableFault).reason).toBe(reason);
      expect(error.message).not.toContain(KEY);
    }
  });

  it('does not retry other client errors', () => {
    const error = thrown(
      interpret(400, `{"error_message":"size must be between 1 and 20","request":"?api_key=${KEY}"}`),
    );
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(/HTTP 400/);
    expect(error.message).not.toContain(KEY);
  });
});
