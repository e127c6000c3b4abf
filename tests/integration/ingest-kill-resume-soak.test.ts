// Soak: a 2,000-page catalogue fetched by the real ingest CLI through ~10% random faults (429, 5xx,
// resets, cut and malformed bodies) and five SIGKILLs at random moments, then resumed to the end. It must
// end row for row (ingested_at aside) with a clean run's raw Parquet, every batch done in the manifest.
//
// Pages are fetched at --batch-size 1, so 2,000 pages are 2,000 requests and 2,000 batches (the first
// 2,000 NEOs, ~750,000 rows) rather than 40,000 NEOs (~4 million rows, 1.6 GB of landing per 1,000
// pages), which would not fit CI's budget twice over. NEO_SOAK_PAGES sets another page count.
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import type { FaultKind } from '../../standin/faults.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { type CliRun, INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { filesHoldingKey, listFiles, queryRaw, rawDifference } from '../support/ingest-output.ts';

const PAGES = Number(process.env.NEO_SOAK_PAGES ?? 2000);
const KILLS = 5;
const FAULT_RATE = 0.1;
const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '502', '503', 'reset', 'truncated', 'malformed'];
const BATCH_LINE = /^\S+ batch \d+ page \d+:/;

/** A lifted rate and short backoffs: the soak is about faults and kills, not politeness. */
const args = (url: string, out: string) => [
  '--total',
  String(PAGES),
  '--batch-size',
  '1',
  '--output-dir',
  out,
  '--api-url',
  url,
  '--rate',
  '1000',
  '--retry-base-ms',
  '2',
  '--timeout-ms',
  '5000',
  '--max-retries',
  '10',
];

// The default quota (1,000 an hour) would stop the run half-way: this soak is not about the quota.
it.override({
  standinApi: new StandinApi()
    .withSeed(21)
    .withCatalogueSize(PAGES)
    .withRateLimit({ limit: 1_000_000, windowMs: 3_600_000 }),
});

interface ManifestJson {
  batches: Array<{ batch: number; status: string }>;
}

describe(`soak: ${PAGES} pages, ${FAULT_RATE * 100}% random faults, ${KILLS} SIGKILLs`, () => {
  it('resumes through faults and kills to exactly the rows of a clean run', async ({
    standin: api,
    tempDir: work,
    cli,
  }) => {
    const clean = join(work, 'clean');
    const cleanStarted = performance.now();
    const cleanRun = await cli.run(INGEST, args(api.url, clean), { cwd: work });
    const cleanMs = performance.now() - cleanStarted;
    expect(cleanRun.code, cleanRun.stderr.slice(-2000)).toBe(0);
    const cleanRequests = api.requests().length;

    // Random faults at 10%, plus one scripted page per kind so that every kind is met at any soak size.
    const scripted = FAULT_KINDS.map((kind) => ({ page: randomInt(0, PAGES), kind }));
    api.setFaults({ rate: FAULT_RATE, kinds: FAULT_KINDS, seed: 5, rules: scripted });
    const soak = join(work, 'soak');
    const runs: CliRun[] = [];
    const kills: string[] = [];
    const soakStarted = performance.now();
    for (let kill = 0; kill < KILLS; kill += 1) {
      // Somewhere in the next sixth of the catalogue, at any point of a batch (one takes ~20-40 ms).
      const batchesBeforeKill = randomInt(0, Math.ceil(PAGES / 6));
      const extraMs = randomInt(0, 40);
      const running = cli.start(INGEST, args(api.url, soak), { cwd: work });
      await running.waitForLines(BATCH_LINE, batchesBeforeKill);
      await sleep(extraMs);
      running.child.kill('SIGKILL');
      const run = await running.done;
      runs.push(run);
      kills.push(`after ${batchesBeforeKill} batch lines + ${extraMs} ms: ${run.signal ?? `exit ${run.code}`}`);
    }
    const final = await cli.run(INGEST, args(api.url, soak), { cwd: work });
    runs.push(final);
    const soakMs = performance.now() - soakStarted;
    expect(final.code, final.stderr.slice(-2000)).toBe(0);
    // Every kill caught a run part-way.
    expect(runs.slice(0, KILLS).map((run) => run.signal)).toEqual(Array(KILLS).fill('SIGKILL'));

    const soakLog = api.requests().slice(cleanRequests);
    const faultsByKind = Object.fromEntries(
      FAULT_KINDS.map((kind) => [kind, soakLog.filter((r) => r.fault === kind).length]),
    );
    for (const kind of FAULT_KINDS) expect(faultsByKind[kind], `faults of kind ${kind}`).toBeGreaterThan(0);
    const faults = soakLog.filter((r) => r.fault !== null).length;

    // Every batch done; the same files, nothing left over from the kills; row for row the clean data.
    const manifest = JSON.parse(await readFile(join(soak, 'manifest.json'), 'utf8')) as ManifestJson;
    expect(manifest.batches.map((b) => [b.batch, b.status])).toEqual(
      Array.from({ length: PAGES }, (_, i) => [i + 1, 'done']),
    );
    expect(await listFiles(soak)).toEqual(await listFiles(clean));
    expect(rawDifference(clean, soak)).toEqual([0, 0]);
    const [rows] = queryRaw<{ n: number }>(soak, 'SELECT count(*) AS n FROM raw');
    expect(rows?.n).toBeGreaterThan(0);
    const output = Object.fromEntries(
      runs.flatMap((run, i) => [
        [`stdout ${i}`, run.stdout],
        [`stderr ${i}`, run.stderr],
      ]),
    );
    expect(await filesHoldingKey(soak, output)).toEqual([]);

    console.log(
      [
        `soak: ${PAGES} pages at --batch-size 1, ${rows?.n} rows compared with the clean run, all equal`,
        `  clean run: ${cleanRequests} requests, ${(cleanMs / 1000).toFixed(1)} s`,
        `  soak: ${soakLog.length} requests, ${faults} faults injected ` +
          `(${((faults / soakLog.length) * 100).toFixed(1)}%): ${JSON.stringify(faultsByKind)}`,
        `  soak: ${KILLS} SIGKILLs then a final run, ${(soakMs / 1000).toFixed(1)} s in all`,
        ...kills.map((line) => `    kill ${line}`),
      ].join('\n'),
    );
  });
});
