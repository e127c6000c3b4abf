// The polite browse client: one request at a time, at most `ratePerSecond` requests per second counting
// every attempt (bottleneck), retries with backoff (p-retry), and the key's quota watched through
// X-RateLimit-Remaining. It reports through `onEvent` and never prints.
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import Bottleneck from 'bottleneck';
import pRetry from 'p-retry';
import type { BrowsePage } from '../../core/schema.ts';
import { backoffDelayMs } from './backoff.ts';
import { QuotaExhaustedError, RetriesExhaustedError, RetryableFault } from './errors.ts';
import type { FetchEvent, FetchEventListener } from './events.ts';
import { interpretResponse } from './interpret.ts';
import { createQuotaTracker, type RateLimitInfo } from './quota.ts';
import { makeRedactor } from './redact.ts';
import { getBrowsePage } from './request.ts';
import { createSendFloor } from './send-floor.ts';
import { type PartialTuning, completeTuning } from './tuning.ts';

/** The run passes every setting (fetchTuning of its config); any left out is the ingest's default. */
export interface BrowseClientOptions extends PartialTuning {
  /** e.g. `https://api.nasa.gov`, or the stand-in's URL. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly onEvent?: FetchEventListener;
  /** Jitter source in [0, 1). Default Math.random. */
  readonly random?: () => number;
}

export interface ReceivedPage {
  readonly page: number;
  readonly size: number;
  readonly status: number;
  /** The body exactly as received (the API echoes the key in it: redact before it leaves). */
  readonly body: string;
  /** The body parsed and checked as a browse page, again holding the key in its links. */
  readonly parsed: BrowsePage;
  /** When the successful attempt was sent. */
  readonly requestedAt: Date;
  readonly attempts: number;
  readonly rateLimit: RateLimitInfo;
}

export interface BrowseClient {
  /**
   * Fetches one page (0-based). Throws ApiKeyRejectedError (403), QuotaExhaustedError (quota policy
   * 'stop'), RetriesExhaustedError, or UnexpectedResponseError (other 4xx).
   */
  fetchPage(page: number): Promise<ReceivedPage>;
  /** Drops kept-alive connections and stops watching request starts. */
  close(): void;
}

export function createBrowseClient(options: BrowseClientOptions): BrowseClient {
  const { pageSize: size, ratePerSecond: rate, timeoutMs, retry, quota: quotaOptions } = completeTuning(options);
  const random = options.random ?? Math.random;
  const emit = (event: FetchEvent) => options.onEvent?.(event);
  const { apiKey } = options;
  const redact = makeRedactor(apiKey);

  const agents = {
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true }),
  };
  const client = axios.create({ baseURL: options.baseUrl, ...agents });
  const intervalMs = 1000 / rate;
  const limiter = new Bottleneck({ maxConcurrent: 1, minTime: Math.ceil(intervalMs) });
  const sendFloor = createSendFloor(intervalMs, [agents.httpAgent, agents.httpsAgent]);
  const quota = createQuotaTracker(quotaOptions.windowMs);

  /** Before each attempt: at quota 0, wait for the window or stop, per policy. */
  async function quotaGate(page: number): Promise<void> {
    const resumeAt = quota.resumeAt(Date.now());
    if (resumeAt === null) return;
    if (quotaOptions.policy === 'stop') {
      emit({ type: 'quota-exhausted', page, resumeAt: new Date(resumeAt) });
      throw new QuotaExhaustedError(page, new Date(resumeAt));
    }
    const waitMs = resumeAt - Date.now();
    emit({ type: 'quota-wait', page, resumeAt: new Date(resumeAt), waitMs });
    await sleep(waitMs);
  }

  /** One attempt, inside the limiter; the send floor then holds it to 1/rate after the last real send. */
  async function attempt(page: number, attemptNumber: number): Promise<ReceivedPage> {
    await sendFloor.wait();
    const requestedAt = new Date();
    emit({ type: 'request', page, attempt: attemptNumber, at: requestedAt });
    let response;
    try {
      response = await getBrowsePage(client, { page, size, apiKey, timeoutMs });
    } catch (fault) {
      quota.record(Date.now()); // the gateway may well have counted it
      throw fault;
    }
    const receivedAt = Date.now();
    // A 429 is refused, not counted, by the gateway.
    if (response.status !== 429) quota.record(receivedAt);
    quota.observe(response.rateLimit, receivedAt);
    emit({
      type: 'response',
      page,
      attempt: attemptNumber,
      status: response.status,
      bytes: response.body.length,
      durationMs: receivedAt - requestedAt.getTime(),
      rateLimit: response.rateLimit,
    });
    const parsed = interpretResponse(page, response, redact);
    const { status, body, rateLimit } = response;
    return { page, size, status, body, parsed, requestedAt, attempts: attemptNumber, rateLimit };
  }

  async function fetchPage(page: number): Promise<ReceivedPage> {
    let attempts = 0;
    try {
      return await pRetry(
        async () => {
          attempts += 1;
          await quotaGate(page);
          return limiter.schedule(() => attempt(page, attempts));
        },
        {
          retries: retry.maxAttempts - 1,
          // Delays are ours (full jitter, longer after a 429) and slept in onFailedAttempt, as p-retry
          // documents; its own exponential timeout would come on top.
          minTimeout: 0,
          shouldRetry: ({ error }) => error instanceof RetryableFault,
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            if (!(error instanceof RetryableFault) || retriesLeft === 0) return;
            // A used-up quota is waited out (or stopped on) by the gate before the next attempt.
            const quotaTakesOver = quota.resumeAt(Date.now()) !== null;
            const delayMs = quotaTakesOver ? 0 : backoffDelayMs(error.reason, attemptNumber, retry, random);
            emit({
              type: 'retry',
              page,
              attempt: attemptNumber,
              reason: error.reason,
              ...(error.status !== undefined ? { status: error.status } : {}),
              message: error.message,
              delayMs,
            });
            await sleep(delayMs);
          },
        },
      );
    } catch (error) {
      if (error instanceof RetryableFault) {
        throw new RetriesExhaustedError(page, attempts, {
          reason: error.reason,
          message: error.message,
          ...(error.status !== undefined ? { status: error.status } : {}),
        });
      }
      throw error;
    }
  }

  return {
    fetchPage,
    close() {
      sendFloor.close();
      agents.httpAgent.destroy();
      agents.httpsAgent.destroy();
    },
  };
}
