// The real browse client against the real stand-in on 127.0.0.1: every fault kind recovered, stops that
// must be immediate, quota handling, and pacing measured on the server's request log.
import { inspect } from 'node:util';
import { afterEach, describe, expect } from 'vitest';
import { createBrowseClient, type BrowseClientOptions } from '../../ingest/fetch/client.ts';
import {
  ApiKeyRejectedError,
  QuotaExhaustedError,
  RetriesExhaustedError,
  UnexpectedResponseError,
} from '../../ingest/fetch/errors.ts';
import type { FetchEvent } from '../../ingest/fetch/events.ts';
import { watchRequestSends } from '../../ingest/fetch/wire-sends.ts';
import type { FaultKind } from '../../standin/faults.ts';
import type { RunningStandin } from '../../standin/server.ts';
import { it } from '../support/fixtures.ts';

const KEY = 'client-it-key-8c2d';
const BAD_KEY = 'BAD_KEY';
// Fast everything: tests need seconds, not hours.
const FAST: Partial<BrowseClientOptions> = {
  ratePerSecond: 50,
  timeoutMs: 250,
  retry: { maxAttempts: 4, baseDelayMs: 5, rateLimitedBaseDelayMs: 200, maxDelayMs: 1000 },
};

// What the current test's clients reported and threw, checked for the key after each test.
const testEvents: FetchEvent[] = [];
const testErrors: unknown[] = [];
const clients: { close(): void }[] = [];

function clientFor(standin: RunningStandin, options: Partial<BrowseClientOptions> = {}) {
  const events: FetchEvent[] = [];
  const client = createBrowseClient({
    baseUrl: standin.url,
    apiKey: KEY,
    pageSize: 2,
    ...FAST,
    ...options,
    onEvent: (event) => {
      events.push(event);
      testEvents.push(event);
    },
  });
  clients.push(client);
  return { client, events };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    testErrors.push(error);
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Gaps between consecutive request arrivals at the server, in ms. */
const gaps = (standin: RunningStandin) =>
  standin
    .requests()
    .slice(1)
    .map((entry, k) => entry.at - standin.requests()[k]!.at);

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  // Nothing the client reported or threw may carry the key (BAD_KEY included: it is the key of its test).
  const reported = [
    JSON.stringify(testEvents.splice(0)),
    ...testErrors
      .splice(0)
      .map((error) => `${String(error)} ${(error as Error).stack} ${inspect(error, { depth: 5 })}`),
  ].join('\n');
  expect(reported).not.toContain(KEY);
  expect(reported).not.toContain(BAD_KEY);
});

describe('browse client', () => {
  it('returns the body as received, parsed, with attempts and rate-limit headers', async ({ startStandin }) => {
    const api = await startStandin((standin) => standin.withCatalogueSize(60));
    const { client, events } = clientFor(api);
    const page = await client.fetchPage(3);
    const [entry] = api.requests();
    expect(entry).toMatchObject({ page: 3, size: 2, status: 200 });
    expect(page.body).toBe(entry?.body());
    expect(page.parsed).toEqual(JSON.parse(page.body));
    expect(page).toMatchObject({
      page: 3,
      size: 2,
      status: 200,
      attempts: 1,
      rateLimit: { limit: 1000, remaining: 999 },
    });
    expect(page.requestedAt.getTime()).toBeLessThanOrEqual(entry!.at);
    expect(events.map((e) => e.type)).toEqual(['request', 'response']);
  });

  const REASONS: Record<Exclude<FaultKind, '403'>, string> = {
    '429': 'rate-limited',
    '500': 'server-error',
    '502': 'server-error',
    '503': 'server-error',
    slow: 'timeout',
    truncated: 'truncated',
    malformed: 'malformed',
    reset: 'connection-reset',
  };

  it.for(Object.entries(REASONS))('recovers from %s by retrying', async ([kind, reason], { startStandin }) => {
    const api = await startStandin((standin) =>
      standin
        .withCatalogueSize(60)
        .withFaults({ rules: [{ page: 1, kind: kind as FaultKind, times: 2 }], slowMs: 1000 }),
    );
    const { client, events } = clientFor(api);
    const page = await client.fetchPage(1);
    const log = api.requests();
    expect(log.map((r) => r.fault)).toEqual([kind, kind, null]);
    expect(page.attempts).toBe(3);
    expect(page.body).toBe(log[2]?.body());
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.map((e) => [e.attempt, e.reason])).toEqual([
      [1, reason],
      [2, reason],
    ]);
  });

  it('stops at once on a rejected key, with one request and a pointer to NASA_API_KEY', async ({ startStandin }) => {
    const api = await startStandin((standin) => standin.withCatalogueSize(60));
    const { client } = clientFor(api, { apiKey: BAD_KEY });
    const error = await rejection(client.fetchPage(0));
    expect(error).toBeInstanceOf(ApiKeyRejectedError);
    expect(error.message).toMatch(/NASA_API_KEY/);
    expect(api.requests()).toHaveLength(1);
  });

  it('stops at once when a good key is revoked mid-run (403)', async ({ startStandin }) => {
    const api = await startStandin((standin) =>
      standin.withCatalogueSize(60).withFaults({ rules: [{ page: 1, kind: '403', times: 5 }] }),
    );
    const { client } = clientFor(api);
    await client.fetchPage(0);
    expect(await rejection(client.fetchPage(1))).toBeInstanceOf(ApiKeyRejectedError);
    expect(api.requests()).toHaveLength(2);
  });

  it('does not retry a request the API calls bad (400)', async ({ startStandin }) => {
    const api = await startStandin((standin) => standin.withCatalogueSize(60));
    const { client } = clientFor(api, { pageSize: 21 });
    const error = await rejection(client.fetchPage(0));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).status).toBe(400);
    expect(api.requests()).toHaveLength(1);
  });

  it('gives up after maxAttempts with page, attempts and last cause', async ({ startStandin }) => {
    const api = await startStandin((standin) =>
      standin.withCatalogueSize(60).withFaults({ rules: [{ page: 5, kind: '503', times: 10 }] }),
    );
    const { client } = clientFor(api, { retry: { ...FAST.retry, maxAttempts: 3 } });
    const error = await rejection(client.fetchPage(5));
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error).toMatchObject({ page: 5, attempts: 3, lastCause: { reason: 'server-error', status: 503 } });
    expect(api.requests()).toHaveLength(3);
  });

  it('backs off far longer after a 429 than after a 5xx (measured on the request log)', async ({ startStandin }) => {
    const api = await startStandin((standin) =>
      standin.withCatalogueSize(60).withFaults({
        rules: [
          { page: 0, kind: '429' },
          { page: 1, kind: '503' },
        ],
      }),
    );
    const { client, events } = clientFor(api, {
      retry: { maxAttempts: 3, baseDelayMs: 5, rateLimitedBaseDelayMs: 400, maxDelayMs: 5000 },
    });
    await client.fetchPage(0);
    await client.fetchPage(1);
    const [throttled, failed] = events.filter((e) => e.type === 'retry');
    expect(throttled).toMatchObject({ reason: 'rate-limited', status: 429 });
    expect(throttled!.delayMs).toBeGreaterThanOrEqual(200);
    expect(throttled!.delayMs).toBeLessThanOrEqual(400);
    expect(failed!.delayMs).toBeLessThanOrEqual(5);
    const [afterThrottle, , afterFailure] = gaps(api);
    expect(afterThrottle).toBeGreaterThanOrEqual(throttled!.delayMs - 2);
    expect(afterFailure).toBeLessThan(afterThrottle!);
  });
});

describe('quota', () => {
  const WINDOW_MS = 60_000;

  it("policy 'stop': throws with the time it is safe to resume, and sends nothing more", async ({ startStandin }) => {
    const api = await startStandin((standin) =>
      standin.withCatalogueSize(60).withRateLimit({ limit: 3, windowMs: WINDOW_MS }),
    );
    const { client, events } = clientFor(api, { quota: { policy: 'stop', windowMs: WINDOW_MS } });
    const pages = [await client.fetchPage(0)];
    const firstAnswered = Date.now();
    pages.push(await client.fetchPage(1), await client.fetchPage(2));
    expect(pages.map((p) => p.rateLimit.remaining)).toEqual([2, 1, 0]);
    const error = await rejection(client.fetchPage(3));
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    // One window (plus the 1 % margin) after our first request was answered: after the server counted it.
    const firstArrival = api.requests()[0]!.at;
    const resumeAt = (error as QuotaExhaustedError).resumeAt.getTime();
    expect(resumeAt).toBeGreaterThanOrEqual(firstArrival + WINDOW_MS * 1.01 - 1);
    expect(resumeAt).toBeLessThanOrEqual(firstAnswered + WINDOW_MS * 1.01 + 1);
    expect(error.message).toContain((error as QuotaExhaustedError).resumeAt.toISOString());
    expect(await rejection(client.fetchPage(3))).toBeInstanceOf(QuotaExhaustedError);
    expect(api.requests()).toHaveLength(3);
    expect(events.filter((e) => e.type === 'quota-exhausted')).toHaveLength(2);
  });

  it("policy 'stop' after a 429 (quota used elsewhere): one request, no backoff, a whole window", async ({
    startStandin,
  }) => {
    const api = await startStandin((standin) =>
      standin.withCatalogueSize(60).withRateLimit({ limit: 2, windowMs: WINDOW_MS }),
    );
    const other = clientFor(api).client;
    await other.fetchPage(0);
    await other.fetchPage(1);
    const { client, events } = clientFor(api, { quota: { policy: 'stop', windowMs: WINDOW_MS } });
    const error = await rejection(client.fetchPage(2));
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect(api.requests().map((r) => r.status)).toEqual([200, 200, 429]);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'rate-limited', delayMs: 0 });
    const refusedAt = api.requests()[2]!.at;
    expect((error as QuotaExhaustedError).resumeAt.getTime()).toBeGreaterThanOrEqual(refusedAt + WINDOW_MS);
  });

  it("policy 'wait': waits for the rolling window and carries on without a single 429", async ({ startStandin }) => {
    const window = 600;
    const api = await startStandin((standin) =>
      standin.withCatalogueSize(60).withRateLimit({ limit: 2, windowMs: window }),
    );
    const { client, events } = clientFor(api, { quota: { policy: 'wait', windowMs: window } });
    for (let page = 0; page < 5; page++) await client.fetchPage(page);
    const log = api.requests();
    expect(log.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(events.filter((e) => e.type === 'quota-wait').length).toBeGreaterThanOrEqual(2);
    // Never more than `limit` requests in any window, by the server's own clock.
    for (let k = 2; k < log.length; k++) expect(log[k]!.at - log[k - 2]!.at).toBeGreaterThanOrEqual(window);
  });
});

/** Epoch ms (the request log's clock) at which this process handed each request to `host` to the OS. */
function watchSends(host: string) {
  const sends: number[] = [];
  const stop = watchRequestSends(
    (request) => request.getHeader('host') === host,
    (atMs) => sends.push(performance.timeOrigin + atMs),
  );
  return { sends, stop };
}

describe('pacing', () => {
  it('never sends two requests closer than 1/rate, retries included', async ({ startStandin }) => {
    const rate = 25;
    const interval = 1000 / rate;
    const api = await startStandin((standin) =>
      standin
        .withFixturesOnly()
        .withFaults({ rate: 0.35, seed: 3, kinds: ['500', '503', 'truncated', 'malformed', 'reset'] }),
    );
    const watch = watchSends(new URL(api.url).host);
    const { client } = clientFor(api, { ratePerSecond: rate, retry: { maxAttempts: 8, baseDelayMs: 1 } });
    for (let page = 0; page < 12; page++) await client.fetchPage(page);
    watch.stop();
    const log = api.requests();
    expect(log.length).toBeGreaterThan(14); // retries happened
    expect(log.some((r) => r.fault !== null)).toBe(true);
    expect(watch.sends).toHaveLength(log.length);

    // On the wire, as this process sent them: never closer than 1/rate.
    const sendGaps = watch.sends.slice(1).map((t, k) => t - watch.sends[k]!);
    expect(Math.min(...sendGaps)).toBeGreaterThanOrEqual(interval - 0.5);
    // At the server, only timer jitter of a couple of ms below 1/rate, except where the earlier request
    // itself reached the server late (this process was descheduled between sending it and the server
    // stamping it, as happens on a loaded machine): that lateness is measured, not assumed.
    const lateness = log.map((entry, k) => entry.at - watch.sends[k]!);
    gaps(api).forEach((gap, k) => {
      expect(gap + Math.max(0, lateness[k]! - lateness[k + 1]!)).toBeGreaterThanOrEqual(interval - 2);
    });
  });
});
