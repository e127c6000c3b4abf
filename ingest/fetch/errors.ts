// Typed failures of a page fetch. Messages are composed here from known parts only (never from URLs or
// library errors, which carry the key), so they are safe to print.

/** Why one attempt failed in a way worth retrying. */
export type FaultReason =
  'timeout' | 'connection-reset' | 'network' | 'truncated' | 'malformed' | 'server-error' | 'rate-limited';

/** A retryable failure of one attempt; what RetriesExhaustedError reports last. */
export class RetryableFault extends Error {
  override readonly name = 'RetryableFault';
  constructor(
    readonly reason: FaultReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export abstract class BrowseFetchError extends Error {
  constructor(
    readonly page: number,
    message: string,
  ) {
    super(message);
  }
}

/** 403: the key is missing, wrong or revoked. Retrying cannot help. */
export class ApiKeyRejectedError extends BrowseFetchError {
  override readonly name = 'ApiKeyRejectedError';
  constructor(
    page: number,
    readonly apiErrorCode: string,
  ) {
    super(page, `NASA API rejected the API key (HTTP 403 ${apiErrorCode}) fetching page ${page}. Check NASA_API_KEY.`);
  }
}

/** The key's rolling quota is used up and the policy is to stop rather than wait. */
export class QuotaExhaustedError extends BrowseFetchError {
  override readonly name = 'QuotaExhaustedError';
  constructor(
    page: number,
    /** Earliest time a request can succeed again, from the times of our own requests in the window. */
    readonly resumeAt: Date,
  ) {
    super(
      page,
      `NASA API quota used up before page ${page} (X-RateLimit-Remaining: 0). ` +
        `Safe to run again at ${resumeAt.toISOString()}.`,
    );
  }
}

export interface FaultSummary {
  readonly reason: FaultReason;
  readonly status?: number;
  readonly message: string;
}

export class RetriesExhaustedError extends BrowseFetchError {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    page: number,
    readonly attempts: number,
    readonly lastCause: FaultSummary,
  ) {
    super(page, `Page ${page} failed after ${attempts} attempts; last: ${lastCause.message}`);
  }
}

/** A status that is neither success nor a known transient failure (e.g. 400, 404). Not retried. */
export class UnexpectedResponseError extends BrowseFetchError {
  override readonly name = 'UnexpectedResponseError';
  constructor(
    page: number,
    readonly status: number,
    detail: string,
  ) {
    super(page, `Page ${page}: unexpected HTTP ${status}${detail ? ` (${detail})` : ''}`);
  }
}
