// An exhausted quota as a scheduler sees it: --on-quota stop exits 5 with when to run again, and the run
// made then (waiting at the quota this time) finishes with every page served once.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { filesHoldingKey } from '../support/ingest-output.ts';
import { ingestArgs, readManifestJson } from '../support/ingest-run.ts';

// A batch takes about 1 s on a loaded machine. The quota must be used up within one window in each run: a
// window that expired part-way would free a slot and the run would take one request more (at 4 per 3 s it
// did). So each run needs only LIMIT requests to reach the quota, and the window outlasts them several
// times over (WINDOW_MS against about LIMIT s). The test still takes about two windows: one waited out
// between the runs, as a scheduler would, and one inside the second run; a small LIMIT keeps both short.
const LIMIT = 2;
const WINDOW_MS = 8000;
// Enough batches that the second run, too, meets the quota: LIMIT, then a wait, then the rest.
const BATCHES = 2 * LIMIT + 1;

describe('an exhausted quota', () => {
  it('with --on-quota stop exits 5 with when to run again; run again then (waiting this time), it finishes', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) =>
      api.withSeed(9).withCatalogueSize(200).withRateLimit({ limit: LIMIT, windowMs: WINDOW_MS }),
    );
    const out = join(work, 'out');
    const quota = ['--total', String(BATCHES * 20), '--quota-window-ms', String(WINDOW_MS)];
    const first = await cli.run(INGEST, ingestArgs(api.url, out, ...quota, '--on-quota', 'stop'), { cwd: work });
    const firstEnded = Date.now();
    expect(first.code).toBe(5);
    expect(api.requests()).toHaveLength(LIMIT);
    const resumeAfter = /run the same command again after (\S+);/.exec(first.stdout)?.[1];
    expect(resumeAfter).toBeDefined();
    // Not before the gateway lets the first request go, and about one window (plus the client's 1 % margin)
    // after it, not later.
    const resumeAt = Date.parse(resumeAfter ?? '');
    expect(resumeAt).toBeGreaterThanOrEqual(api.requests()[0]!.at + WINDOW_MS);
    expect(resumeAt).toBeLessThanOrEqual(firstEnded + WINDOW_MS * 1.01 + 1);
    expect(first.stdout).toMatch(new RegExp(`batches not reached\\s+${BATCHES - LIMIT}`));
    expect((await readManifestJson(out)).batches.map((b) => b.status)).toEqual(Array(LIMIT).fill('done'));

    await sleep(Math.max(0, resumeAt - Date.now()));
    const second = await cli.run(INGEST, ingestArgs(api.url, out, ...quota, '--on-quota', 'wait'), { cwd: work });
    expect(second.code).toBe(0);
    // The second run used its LIMIT requests, waited for the window, and finished.
    expect(second.stderr).toMatch(/quota exhausted: waiting until/);
    // Each page served once. (A 429 retried is tolerated: the client's 1 % clock margin, 80 ms here, is
    // within scheduling jitter on a loaded machine; at the real one-hour window it is 36 s.)
    const log = api.requests();
    expect(log.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
    const served = log.filter((r) => r.status === 200).map((r) => r.page ?? -1);
    expect(served.sort((a, b) => a - b)).toEqual(Array.from({ length: BATCHES }, (_, i) => i));
    expect(
      await filesHoldingKey(out, { stdout: first.stdout + second.stdout, stderr: first.stderr + second.stderr }),
    ).toEqual([]);
  });
});
