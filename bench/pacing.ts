// Pacing benchmark: N sequential page requests through the real browse client at `rate` requests per
// second, against the stand-in with its quota lifted, measured on the stand-in's request log: wall time
// from the first request to the last against the floor (N-1)/rate, and the smallest gap between two
// arrivals. Targets: ratio <= 1.05, no gap under 1/rate.
// Run alone: `npx tsx bench/pacing.ts [requests] [rate]` prints the result as JSON.
import { fileURLToPath } from 'node:url';
import { createBrowseClient } from '../ingest/fetch/client.ts';
import { watchRequestSends } from '../ingest/fetch/wire-sends.ts';
import { DEFAULT_CATALOGUE_SIZE, StandinApi } from '../standin/standin-api.ts';

export interface PacingBenchOptions {
  /** At least 20. */
  readonly requests: number;
  readonly rate: number;
}

export interface PacingBenchResult {
  readonly requests: number;
  readonly wall_s: number;
  /** (requests - 1) / rate: the least time the requests can take. */
  readonly floor_s: number;
  /** wall_s / floor_s; target <= 1.05. */
  readonly ratio: number;
  /** Smallest gap between consecutive arrivals; target >= 1/rate. */
  readonly min_gap_s: number;
  /**
   * Smallest gap between consecutive sends as this process handed them to the OS. Where it holds and
   * min_gap_s does not, the request reached the server late (a descheduled process on a busy machine),
   * not early.
   */
  readonly min_send_gap_s: number;
}

const KEY = 'pacing-bench-key';
const PAGE_SIZE = 20;

export async function benchPacing({ requests, rate }: PacingBenchOptions): Promise<PacingBenchResult> {
  if (!Number.isInteger(requests) || requests < 20) throw new RangeError('requests must be an integer >= 20');
  if (!(rate > 0)) throw new RangeError('rate must be > 0');
  const api = await new StandinApi()
    .withCatalogueSize(DEFAULT_CATALOGUE_SIZE)
    .withRateLimit({ limit: Number.MAX_SAFE_INTEGER, windowMs: 3_600_000 })
    .start();
  const client = createBrowseClient({ baseUrl: api.url, apiKey: KEY, pageSize: PAGE_SIZE, ratePerSecond: rate });
  const sends: number[] = [];
  const host = new URL(api.url).host;
  const stopWatching = watchRequestSends(
    (request) => request.getHeader('host') === host,
    (atMs) => sends.push(atMs),
  );
  try {
    // The catalogue's last pages: recent small objects, light enough that each request is done well
    // within 1/rate, so what is measured is the pacing and not the serving.
    const pages = Math.ceil(DEFAULT_CATALOGUE_SIZE / PAGE_SIZE);
    for (let page = pages - requests; page < pages; page++) await client.fetchPage(page);
  } finally {
    stopWatching();
    client.close();
    await api.stop();
  }
  const arrivals = api.requests().map((entry) => entry.at);
  const wallS = (arrivals.at(-1)! - arrivals[0]!) / 1000;
  const floorS = (requests - 1) / rate;
  return {
    requests: arrivals.length,
    wall_s: round(wallS),
    floor_s: round(floorS),
    ratio: round(wallS / floorS),
    min_gap_s: round(minGap(arrivals) / 1000),
    min_send_gap_s: round(minGap(sends) / 1000),
  };
}

const minGap = (times: readonly number[]) => Math.min(...times.slice(1).map((t, k) => t - times[k]!));
const round = (value: number) => Math.round(value * 10_000) / 10_000;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [requests = '30', rate = '5'] = process.argv.slice(2);
  console.log(JSON.stringify(await benchPacing({ requests: Number(requests), rate: Number(rate) }), null, 2));
}
