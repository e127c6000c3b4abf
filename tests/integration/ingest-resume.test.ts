// A run SIGKILLed at random moments, then run again, must end with exactly the rows of a run never
// interrupted: every batch's files are written atomically before the manifest marks it done, and a batch
// not marked done is redone. Kill points are random (printed, to reproduce a failure); they land during
// fetches, Parquet writes and manifest writes alike.
import { randomInt } from 'node:crypto';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { StandinApi } from '../../standin/standin-api.ts';
import { FAST, INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { filesHoldingKey, listFiles, rawDifference } from '../support/ingest-output.ts';

const BATCH_LINE = /^\S+ batch \d+ page \d+:/;

async function doneBatches(outputDir: string): Promise<number> {
  const text = await readFile(join(outputDir, 'manifest.json'), 'utf8').catch(() => '{"batches": []}');
  return (JSON.parse(text) as { batches: Array<{ status: string }> }).batches.filter((b) => b.status === 'done').length;
}

it.override({ standinApi: new StandinApi().withSeed(11).withCatalogueSize(400) });

describe('resume after SIGKILL', () => {
  it('ends with exactly the rows of an uninterrupted run', async ({ fileStandin: api, fileTempDir: work, cli }) => {
    // Slow enough pacing that a run spans a few seconds of kill opportunities.
    const args = (out: string) => ['--total', '200', '--output-dir', out, '--api-url', api.url, ...FAST, '--rate', '8'];
    const baseline = join(work, 'baseline');
    expect((await cli.run(INGEST, args(baseline), { cwd: work })).code).toBe(0);

    // Each output dir is killed `kills` times at random points, then run to the end.
    const scenarios = [1, 1, 1, 1, 2];
    const log: string[] = [];
    let caughtPartWay = 0;
    for (const [index, kills] of scenarios.entries()) {
      const out = join(work, `killed-${index}`);
      for (let kill = 0; kill < kills; kill += 1) {
        const batchesBeforeKill = randomInt(0, 9);
        const extraMs = randomInt(0, 250);
        const running = cli.start(INGEST, args(out), { cwd: work });
        await running.waitForLines(BATCH_LINE, batchesBeforeKill);
        await sleep(extraMs);
        running.child.kill('SIGKILL');
        const run = await running.done;
        const done = await doneBatches(out);
        if (run.signal === 'SIGKILL' && done < 10) caughtPartWay += 1;
        const ended = run.signal ?? `exit ${run.code}`;
        log.push(`${out}: kill after ${batchesBeforeKill} batch lines + ${extraMs} ms: ${ended}, ${done}/10 done`);
      }
      const final = await cli.run(INGEST, args(out), { cwd: work });
      expect(final.code).toBe(0);

      // The same files, no temp leftovers, every batch done, and row for row the same data.
      expect(await listFiles(out)).toEqual(await listFiles(baseline));
      expect(await doneBatches(out)).toBe(10);
      expect(rawDifference(baseline, out)).toEqual([0, 0]);
      expect(await filesHoldingKey(out, { stdout: final.stdout, stderr: final.stderr })).toEqual([]);
    }
    console.log(`resume kill points:\n  ${log.join('\n  ')}`);
    // Kills that caught a run part-way are what this test is about.
    expect(caughtPartWay).toBeGreaterThanOrEqual(3);
  });

  it('redoes exactly the batches a kill can leave unfinished, and sweeps temp files', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const args = (out: string) => ['--total', '200', '--output-dir', out, '--api-url', api.url, ...FAST];
    const baseline = join(work, 'baseline-2');
    expect((await cli.run(INGEST, args(baseline), { cwd: work })).code).toBe(0);
    const damaged = join(work, 'damaged');
    await cp(baseline, damaged, { recursive: true });

    const manifestPath = join(damaged, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { batches: Array<Record<string, unknown>> };
    const entry = (batch: number) => manifest.batches.find((b) => b.batch === batch) ?? {};
    // Batch 2: files written, killed before the manifest marked it done.
    manifest.batches = manifest.batches.filter((b) => b.batch !== 2);
    // Batch 8: recorded as failed by an earlier run.
    Object.assign(entry(8), { status: 'failed', error: 'HTTP 503' });
    await writeFile(manifestPath, JSON.stringify(manifest));
    const raw = join(damaged, 'raw/batch-number=1-20');
    // Batch 4: Parquet file gone; batch 6: Parquet file altered.
    await rm(join(raw, 'batch-000004.parquet'));
    await writeFile(join(raw, 'batch-000006.parquet'), 'not the file the manifest vouches for');
    // Temp files a kill mid-write leaves behind.
    await writeFile(join(raw, '.tmp-999-batch-000009.parquet'), 'half a file');
    await writeFile(join(damaged, '.tmp-999-manifest.json'), '{"half');

    const before = api.requests().length;
    const run = await cli.run(INGEST, args(damaged), { cwd: work });
    expect(run.code).toBe(0);
    expect(
      api
        .requests()
        .slice(before)
        .map((r) => r.page),
    ).toEqual([1, 3, 5, 7]);
    expect(run.stdout).toMatch(/batches skipped\s+6 \(already done\)/);
    expect(await listFiles(damaged)).toEqual(await listFiles(baseline));
    expect(rawDifference(baseline, damaged)).toEqual([0, 0]);
  });

  it('Ctrl-C finishes the batch in hand, prints the summary, exits 130, and the next run resumes', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const out = join(work, 'interrupted');
    const args = ['--total', '200', '--output-dir', out, '--api-url', api.url, ...FAST, '--rate', '2'];
    const running = cli.start(INGEST, args, { cwd: work });
    await running.waitForLines(BATCH_LINE, 2);
    running.child.kill('SIGINT');
    const run = await running.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/SIGINT: stopping after the batch in hand/);
    expect(run.stdout).toMatch(/outcome\s+interrupted \(exit 130\)/);
    const done = await doneBatches(out);
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(10);
    expect(run.stdout).toMatch(new RegExp(`batches not reached\\s+${10 - done}`));
    const rerun = await cli.run(INGEST, [...args, '--rate', '50'], { cwd: work });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`batches skipped\\s+${done} `));
    expect(await doneBatches(out)).toBe(10);
  });
});
