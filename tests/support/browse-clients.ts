// The real browse client (ingest/fetch/client.ts) made for tests against a stand-in: fast settings, its
// events collected, and after each test every client closed and everything the clients reported or threw
// searched for the key. Call useBrowseClients() once at the top level of a test file.
import { inspect } from 'node:util';
import { afterEach, expect } from 'vitest';
import { createBrowseClient, type BrowseClientOptions } from '../../ingest/fetch/client.ts';
import type { FetchEvent } from '../../ingest/fetch/events.ts';
import type { RunningStandin } from '../../standin/server.ts';

export const KEY = 'client-it-key-8c2d';
export const BAD_KEY = 'BAD_KEY';

// Fast everything: tests need seconds, not hours.
export const FAST_CLIENT: Partial<BrowseClientOptions> = {
  ratePerSecond: 50,
  timeoutMs: 250,
  retry: { maxAttempts: 4, baseDelayMs: 5, rateLimitedBaseDelayMs: 200, maxDelayMs: 1000 },
};

export function useBrowseClients() {
  // What the current test's clients reported and threw, checked for the key after each test.
  const testEvents: FetchEvent[] = [];
  const testErrors: unknown[] = [];
  const clients: { close(): void }[] = [];

  afterEach(() => {
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

  function clientFor(standin: RunningStandin, options: Partial<BrowseClientOptions> = {}) {
    const events: FetchEvent[] = [];
    const client = createBrowseClient({
      baseUrl: standin.url,
      apiKey: KEY,
      pageSize: 2,
      ...FAST_CLIENT,
      ...options,
      onEvent: (event) => {
        events.push(event);
        testEvents.push(event);
      },
    });
    clients.push(client);
    return { client, events };
  }

  /** The error `promise` rejects with (kept for the key check); fails if it resolves. */
  async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      testErrors.push(error);
      return error as Error;
    }
    throw new Error('expected a rejection');
  }

  return { clientFor, rejection };
}

/** Gaps between consecutive request arrivals at the server, in ms. */
export const arrivalGaps = (standin: RunningStandin) =>
  standin
    .requests()
    .slice(1)
    .map((entry, k) => entry.at - standin.requests()[k]!.at);
