// The run's page source for the NASA API: the polite client (pacing, retries, quota) configured from the
// ingest config, its events translated into run events, its typed errors into run outcomes, and every
// body redacted before the run sees it.
import { type IngestConfig, RATE_LIMITED_BACKOFF_FACTOR } from '../config.ts';
import { createBrowseClient } from '../fetch/client.ts';
import { ApiKeyRejectedError, QuotaExhaustedError, RetriesExhaustedError, UnexpectedResponseError } from '../fetch/errors.ts';
import type { FetchEvent } from '../fetch/events.ts';
import type { Redactor } from '../land/redact.ts';
import type { EventSink } from './events.ts';
import type { PageSource } from './page-source.ts';

export function apiSource(config: IngestConfig, redact: Redactor, emit: EventSink): PageSource {
  let requests = 0;
  let retries = 0;
  const onEvent = (event: FetchEvent) => {
    switch (event.type) {
      case 'request':
        requests += 1;
        break;
      case 'response':
        emit({ type: 'rate-limit', limit: event.rateLimit.limit, remaining: event.rateLimit.remaining });
        break;
      case 'retry':
        retries += 1;
        emit({ type: 'retry', page: event.page, attempt: event.attempt, delayMs: event.delayMs, reason: redact(event.message).text });
        break;
      case 'quota-wait':
        emit({ type: 'quota-wait', until: event.resumeAt });
        break;
      case 'quota-exhausted':
        break; // the QuotaExhaustedError that follows stops the run
    }
  };
  const client = createBrowseClient({
    baseUrl: config.apiUrl,
    apiKey: config.apiKey,
    pageSize: config.batchSize,
    ratePerSecond: config.rate,
    timeoutMs: config.timeoutMs,
    retry: {
      maxAttempts: config.maxRetries + 1,
      baseDelayMs: config.retryBaseMs,
      rateLimitedBaseDelayMs: config.retryBaseMs * RATE_LIMITED_BACKOFF_FACTOR,
    },
    quota: { policy: config.onQuota, windowMs: config.quotaWindowMs },
    onEvent,
  });

  return {
    mode: 'api',
    async fetch(_batch, page) {
      const fetched = await client.fetchPage(page);
      const { text, count } = redact(fetched.body);
      return { body: text, redactions: count, status: fetched.status, requestedAt: fetched.requestedAt, attempts: fetched.attempts };
    },
    classify(error) {
      if (error instanceof ApiKeyRejectedError) return { kind: 'key-rejected', message: error.message };
      if (error instanceof QuotaExhaustedError) return { kind: 'quota-exhausted', message: error.message, resumeAfter: error.resumeAt };
      if (error instanceof RetriesExhaustedError)
        return { kind: 'batch-failed', message: error.message, attempts: error.attempts, unreachable: error.lastCause.reason === 'network' };
      if (error instanceof UnexpectedResponseError) return { kind: 'batch-failed', message: error.message, attempts: 1 };
      return null;
    },
    stats: () => ({ requests, retries }),
    close: () => client.close(),
  };
}
