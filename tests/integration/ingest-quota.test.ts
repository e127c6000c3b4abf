// The quota, counted at the server: a stand-in whose X-RateLimit-Remaining falls to 0 must make the ingest
// wait for the window (--on-quota wait) or stop resumably (exit 5, --on-quota stop), and never hammer the
// API: no more requests than the limit in any window, no 429 from a quota the client saw coming, and after
// a 429 it did not see coming (someone else used the key), a wait for the window instead of quick retries.
// A short window (2 s) keeps the test fast; the client is told it with --quota-window-ms.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { EXIT } from '../../ingest/exit-codes.ts';
import type { LoggedRequest } from '../../standin/request-log.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { type CliRun, FAST, INGEST, SECRET_KEY } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { filesHoldingKey } from '../support/ingest-output.ts';

const LIMIT = 5;
const WINDOW_MS = 2000;
const BATCHES = 20;

// A fresh stand-in (`standin`) for each test: the quota it counts starts over.
it.override({
  standinApi: new StandinApi()
    .withSeed(13)
    .withCatalogueSize(BATCHES)
    .withRateLimit({ limit: LIMIT, windowMs: WINDOW_MS }),
});

/** One NEO per batch, so every batch is one request; FAST's quick retries, as a hammering client would have. */
const args = (url: string, out: string, policy: 'wait' | 'stop') => [
  '--total',
  String(BATCHES),
  '--batch-size',
  '1',
  '--output-dir',
  out,
  '--api-url',
  url,
  ...FAST,
  '--on-quota',
  policy,
  '--quota-window-ms',
  String(WINDOW_MS),
];

/** The most requests that arrived within any one window (t - window, t], as the gateway counts. */
function mostInAnyWindow(requests: readonly LoggedRequest[]): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (const [i, t] of times.entries()) {
    while ((times[first] ?? t) <= t - WINDOW_MS) first += 1;
    most = Math.max(most, i - first + 1);
  }
  return most;
}

/** Each page asked for, in order of the 200s the server sent. */
const pagesServed = (requests: readonly LoggedRequest[]) => requests.filter((r) => r.status === 200).map((r) => r.page);
const everyPageOnce = Array.from({ length: BATCHES }, (_, i) => i);

async function doneBatches(out: string): Promise<number> {
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
    batches: Array<{ status: string }>;
  };
  return manifest.batches.filter((b) => b.status === 'done').length;
}

describe(`a quota of ${LIMIT} requests per ${WINDOW_MS} ms`, () => {
  it('--on-quota wait: waits out each window, never over the limit, not one 429', async ({
    standin: api,
    tempDir: work,
    cli,
  }) => {
    const out = join(work, 'out');
    const run = await cli.run(INGEST, args(api.url, out, 'wait'), { cwd: work });
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const log = api.requests();
    console.log(
      `quota wait: ${log.length} requests, most in any ${WINDOW_MS} ms window: ${mostInAnyWindow(log)}, ` +
        `429s: ${log.filter((r) => r.status === 429).length}`,
    );
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(mostInAnyWindow(log)).toBeLessThanOrEqual(LIMIT);
    expect(pagesServed(log)).toEqual(everyPageOnce);
    // It did wait: the quota ran out at least every LIMIT requests.
    expect(run.stderr).toMatch(/quota exhausted: waiting until/);
    expect(await doneBatches(out)).toBe(BATCHES);
    expect(await filesHoldingKey(out, { stdout: run.stdout, stderr: run.stderr })).toEqual([]);
  });

  it('--on-quota stop: exits 5, progress kept, says when to resume; resumed runs finish, never over the limit', async ({
    standin: api,
    tempDir: work,
    cli,
  }) => {
    const out = join(work, 'out');
    const runs: CliRun[] = [];
    const progress: number[] = [];
    for (let attempt = 0; attempt < BATCHES; attempt += 1) {
      const run = await cli.run(INGEST, args(api.url, out, 'stop'), { cwd: work });
      runs.push(run);
      progress.push(await doneBatches(out));
      if (run.code !== EXIT.quotaExhausted) break;
      expect(run.stdout).toMatch(/outcome\s+quota-exhausted \(exit 5\)/);
      const resumeAfter = /run the same command again after (\S+);/.exec(run.stdout)?.[1];
      expect(resumeAfter, run.stdout).toBeDefined();
      await sleep(Math.max(0, Date.parse(resumeAfter ?? '') - Date.now()));
    }
    const log = api.requests();
    console.log(
      `quota stop: ${runs.length} runs (exits ${runs.map((r) => r.code).join(', ')}), ` +
        `done after each: ${progress.join(', ')}; ${log.length} requests, most in any window: ${mostInAnyWindow(log)}`,
    );
    expect(runs.at(-1)?.code).toBe(EXIT.ok);
    expect(runs.slice(0, -1).every((r) => r.code === EXIT.quotaExhausted)).toBe(true);
    // The first run uses the whole quota; every later one gets somewhere.
    expect(progress[0]).toBe(LIMIT);
    expect(progress.every((done, i) => i === 0 || done > (progress[i - 1] ?? 0))).toBe(true);
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(mostInAnyWindow(log)).toBeLessThanOrEqual(LIMIT);
    expect(pagesServed(log)).toEqual(everyPageOnce);
  });

  it('a 429 it could not see coming (another client used the key) is waited out, not retried in a burst', async ({
    standin: api,
    tempDir: work,
    cli,
  }) => {
    // Someone else has just taken the whole quota with the same key (size 3 marks their requests in the log).
    for (let i = 0; i < LIMIT; i += 1)
      await (await fetch(`${api.url}/neo/rest/v1/neo/browse?page=0&size=3&api_key=${SECRET_KEY}`)).arrayBuffer();
    const out = join(work, 'out');
    // A 429's own backoff would be 300-600 ms here: quick retries inside the window, unless the quota wins.
    const run = await cli.run(INGEST, [...args(api.url, out, 'wait'), '--retry-base-ms', '10'], { cwd: work });
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const ours = api.requests().filter((r) => r.size === 1);
    const rejected = ours.filter((r) => r.status === 429);
    console.log(
      `quota taken by another client: ingest sent ${ours.length} requests, ${rejected.length} answered 429; ` +
        `most in any window (all clients): ${mostInAnyWindow(api.requests())}`,
    );
    expect(rejected.length).toBeLessThanOrEqual(1);
    // After the 429, the next attempt waited for the window: it was accepted.
    for (const r of rejected) expect(ours.find((next) => next.seq > r.seq)?.status).toBe(200);
    expect(mostInAnyWindow(ours)).toBeLessThanOrEqual(LIMIT);
    expect(pagesServed(ours)).toEqual(everyPageOnce);
  });
});
