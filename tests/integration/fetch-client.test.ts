// The real browse client against the real stand-in on 127.0.0.1: every fault kind recovered, and the
// stops that must be immediate. Quota handling and pacing: fetch-client-quota, fetch-client-pacing.
import { describe, expect } from 'vitest';
import { ApiKeyRejectedError, RetriesExhaustedError, UnexpectedResponseError } from '../../ingest/fetch/errors.ts';
import type { FaultKind } from '../../standin/faults.ts';
import { BAD_KEY, FAST_CLIENT, arrivalGaps, useBrowseClients } from '../support/browse-clients.ts';
import { it } from '../support/fixtures.ts';

const { clientFor, rejection } = useBrowseClients();

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
    const { client } = clientFor(api, { retry: { ...FAST_CLIENT.retry, maxAttempts: 3 } });
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
    const [afterThrottle, , afterFailure] = arrivalGaps(api);
    expect(afterThrottle).toBeGreaterThanOrEqual(throttled!.delayMs - 2);
    expect(afterFailure).toBeLessThan(afterThrottle!);
  });
});
