// One writer per output folder: a second ingest started while one runs is refused with exit 9 and the
// holder's pid, or waits for it with --wait-lock and then finds nothing left to do; a lock left by a
// SIGKILLed run is taken over. Request counts come from the stand-in's own log.
import { describe, expect } from 'vitest';
import { FAST, INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';

const BATCH_LINE = /^\S+ batch \d+ page \d+:/;
const PLANNED = 6;

describe('one ingest per output folder', () => {
  it('refuses a second run naming the first, lets --wait-lock wait, takes over a killed run', async ({
    startStandin,
    tempDir: out,
    cli,
  }) => {
    const api = await startStandin((standin) => standin.withSeed(5).withCatalogueSize(400));
    // Slow pacing keeps the first run busy while the others start.
    const args = (...extra: string[]) => [
      ...['--total', String(PLANNED * 20), '--output-dir', out, '--api-url', api.url],
      ...[...FAST, '--rate', '0.3', ...extra],
    ];
    const first = cli.start(INGEST, args());
    await first.waitForLines(BATCH_LINE, 1);
    // Started together, while the first is still at work: a run, a refresh, and one that waits.
    const waiting = cli.start(INGEST, args('--wait-lock'));
    const [refused, refusedRefresh] = await Promise.all([cli.run(INGEST, args()), cli.run(INGEST, args('--refresh'))]);
    for (const run of [refused, refusedRefresh]) {
      expect(run.code).toBe(9);
      expect(run.stderr).toContain(`pid ${first.child.pid}`);
      expect(run.stderr).toContain('--wait-lock');
    }
    await waiting.waitForLines(/waiting for pid/, 1);
    expect((await first.done).code).toBe(0);
    const waited = await waiting.done;
    expect(waited.code).toBe(0);
    expect(waited.stderr).toContain(`waiting for pid ${first.child.pid}`);
    expect(waited.stdout).toMatch(/batches done\s+0 this run; 6\/6/);
    // Every page once: the refused runs and the waiting one sent nothing.
    expect(api.requests().map((request) => request.page)).toEqual([0, 1, 2, 3, 4, 5]);

    // A run killed with its lock held: the next run takes the lock over once it is stale, and resumes.
    const killed = cli.start(INGEST, args('--backfill', '1', String(PLANNED)));
    await killed.waitForLines(BATCH_LINE, 1);
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    const takeover = await cli.run(INGEST, args());
    console.log(`after the kill: exit ${takeover.code}, ${api.requests().length} requests in all`);
    expect(takeover.code).toBe(0);
    expect(takeover.stdout).toMatch(/6\/6 in the output/);
  });
});
