// The browse client's pacing, measured twice: on the wire as this process sent the requests, and on the
// stand-in's request log, retries included.
import { describe, expect } from 'vitest';
import { watchRequestSends } from '../../ingest/fetch/wire-sends.ts';
import { arrivalGaps, useBrowseClients } from '../support/browse-clients.ts';
import { it } from '../support/fixtures.ts';

const { clientFor } = useBrowseClients();

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
    arrivalGaps(api).forEach((gap, k) => {
      expect(gap + Math.max(0, lateness[k]! - lateness[k + 1]!)).toBeGreaterThanOrEqual(interval - 2);
    });
  });
});
