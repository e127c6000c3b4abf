// The browse client at the key's quota, against the stand-in's rolling window: policy 'stop' throws with
// when it is safe to resume and sends nothing more; policy 'wait' waits the window out without a 429.
import { describe, expect } from 'vitest';
import { QuotaExhaustedError } from '../../ingest/fetch/errors.ts';
import { useBrowseClients } from '../support/browse-clients.ts';
import { it } from '../support/fixtures.ts';

const { clientFor, rejection } = useBrowseClients();

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
