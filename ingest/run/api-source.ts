// The run's page source for the NASA API: the polite client (pacing, retries, quota) configured from the
// ingest config, its events translated into run events, its typed errors into run outcomes, and every
// body redacted before the run sees it. The client's parsed page goes on to the run as it is: it still
// holds the key in its links, so whatever writes records out redacts them (see write/quarantine-file.ts).
import { createBrowseClient } from '../fetch/client.ts';
import {
  ApiKeyRejectedError,
  QuotaExhaustedError,
  RetriesExhaustedError,
  UnexpectedResponseError,
} from '../fetch/errors.ts';
import type { FetchEvent } from '../fetch/events.ts';
import { fetchTuning } from '../fetch/tuning.ts';
import type { EventSink } from '../events.ts';
import type { IngestConfig, PageSource, Redactor } from '../types.ts';

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
      case 'retry': {
        retries += 1;
        const { page, attempt, delayMs } = event;
        emit({ type: 'retry', page, attempt, delayMs, reason: redact(event.message).text });
        break;
      }
      case 'quota-wait':
        emit({ type: 'quota-wait', until: event.resumeAt });
        break;
      case 'quota-exhausted':
        break; // the QuotaExhaustedError that follows stops the run
    }
  };
  const client = createBrowseClient({ baseUrl: config.apiUrl, apiKey: config.apiKey, ...fetchTuning(config), onEvent });

  return {
    mode: 'api',
    async fetch(_batch, page) {
      const fetched = await client.fetchPage(page);
      const { text, count } = redact(fetched.body);
      const { status, requestedAt, attempts } = fetched;
      return { body: text, redactions: count, page: fetched.parsed, status, requestedAt, attempts };
    },
    classify(error) {
      if (error instanceof ApiKeyRejectedError) return { kind: 'key-rejected', message: error.message };
      if (error instanceof QuotaExhaustedError) {
        return { kind: 'quota-exhausted', message: error.message, resumeAfter: error.resumeAt };
      }
      if (error instanceof RetriesExhaustedError) {
        const unreachable = error.lastCause.reason === 'network';
        return { kind: 'batch-failed', message: error.message, attempts: error.attempts, unreachable };
      }
      if (error instanceof UnexpectedResponseError) {
        return { kind: 'batch-failed', message: error.message, attempts: 1 };
      }
      return null;
    },
    stats: () => ({ requests, retries }),
    close: () => client.close(),
  };
}
