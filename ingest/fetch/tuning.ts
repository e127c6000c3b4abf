// The client's pacing, deadline, retry and quota settings from the ingest's configuration: the one place
// that turns the command's settings (and so DEFAULTS, which has the same shape) into what fetch runs with.
import { DEFAULTS, RATE_LIMITED_BACKOFF_FACTOR } from '../config.ts';
import type { IngestConfig } from '../types.ts';
import type { RetryPolicy } from './backoff.ts';
import type { QuotaOptions } from './quota.ts';

export interface FetchTuning {
  /** NEOs per page, at most 20. */
  readonly pageSize: number;
  /** Requests per second, every attempt counted. */
  readonly ratePerSecond: number;
  /** Deadline per attempt for the whole response. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly quota: QuotaOptions;
}

export type TuningSettings = Pick<
  IngestConfig,
  'batchSize' | 'rate' | 'timeoutMs' | 'maxRetries' | 'retryBaseMs' | 'onQuota' | 'quotaWindowMs'
>;

export function fetchTuning(settings: TuningSettings): FetchTuning {
  return {
    pageSize: settings.batchSize,
    ratePerSecond: settings.rate,
    timeoutMs: settings.timeoutMs,
    retry: {
      maxAttempts: settings.maxRetries + 1,
      baseDelayMs: settings.retryBaseMs,
      rateLimitedBaseDelayMs: settings.retryBaseMs * RATE_LIMITED_BACKOFF_FACTOR,
      maxDelayMs: DEFAULTS.maxRetryDelayMs,
    },
    quota: { policy: settings.onQuota, windowMs: settings.quotaWindowMs },
  };
}

/** Settings a caller leaves out (a test, a benchmark) are the ingest's DEFAULTS. */
export interface PartialTuning extends Partial<Omit<FetchTuning, 'retry' | 'quota'>> {
  readonly retry?: Partial<RetryPolicy>;
  readonly quota?: Partial<QuotaOptions>;
}

export function completeTuning(given: PartialTuning): FetchTuning {
  const defaults = fetchTuning(DEFAULTS);
  return {
    pageSize: given.pageSize ?? defaults.pageSize,
    ratePerSecond: given.ratePerSecond ?? defaults.ratePerSecond,
    timeoutMs: given.timeoutMs ?? defaults.timeoutMs,
    retry: { ...defaults.retry, ...given.retry },
    quota: { ...defaults.quota, ...given.quota },
  };
}
