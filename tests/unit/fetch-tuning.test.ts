import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../ingest/config.ts';
import { completeTuning, fetchTuning } from '../../ingest/fetch/tuning.ts';

const settings = {
  batchSize: 7,
  rate: 0.5,
  timeoutMs: 1234,
  maxRetries: 3,
  retryBaseMs: 10,
  onQuota: 'wait',
  quotaWindowMs: 5000,
} as const;

describe('fetch tuning from the ingest configuration', () => {
  it('turns retries into attempts and backs off 60x longer after a 429', () => {
    expect(fetchTuning(settings)).toEqual({
      pageSize: 7,
      ratePerSecond: 0.5,
      timeoutMs: 1234,
      retry: { maxAttempts: 4, baseDelayMs: 10, rateLimitedBaseDelayMs: 600, maxDelayMs: 900_000 },
      quota: { policy: 'wait', windowMs: 5000 },
    });
  });

  it('takes whatever a caller leaves out from DEFAULTS, field by field', () => {
    const tuned = completeTuning({ ratePerSecond: 50, retry: { maxAttempts: 8 }, quota: { windowMs: 600 } });
    expect(tuned).toEqual({
      pageSize: 20,
      ratePerSecond: 50,
      timeoutMs: 30_000,
      retry: { maxAttempts: 8, baseDelayMs: 1000, rateLimitedBaseDelayMs: 60_000, maxDelayMs: 900_000 },
      quota: { policy: 'stop', windowMs: 600 },
    });
    expect(completeTuning({})).toEqual(fetchTuning(DEFAULTS));
  });
});
