// --backfill re-fetches exactly its batches and replaces only their files and manifest entries; a
// backfill that fails keeps the data it was meant to replace (exit 4).
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { INGEST } from '../support/cli.ts';
import type { RunningStandin } from '../../standin/server.ts';
import { type CliRunner, it } from '../support/fixtures.ts';
import { fileStates, queryRaw, servedPages } from '../support/ingest-output.ts';
import { ingestArgs, readManifestJson } from '../support/ingest-run.ts';

/** A finished ingest of `total` NEOs into work/out, and the same command to run again with more flags. */
async function ingested(api: RunningStandin, work: string, cli: CliRunner, total: number) {
  const out = join(work, 'out');
  const again = (...more: string[]) =>
    cli.run(INGEST, ingestArgs(api.url, out, '--total', String(total), ...more), { cwd: work });
  expect((await again()).code).toBe(0);
  return { out, again, before: await fileStates(out) };
}

describe('backfill', () => {
  it('re-fetches exactly its batches and replaces only their files and manifest entries', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withSeed(6).withCatalogueSize(200));
    const { out, again, before } = await ingested(api, work, cli, 200);
    const manifestBefore = await readManifestJson(out);
    const requestsBefore = api.requests().length;

    await sleep(20); // mtimes must be able to differ
    const run = await again('--backfill', '4', '5');
    expect(run.code).toBe(0);
    expect(
      api
        .requests()
        .slice(requestsBefore)
        .map((r) => r.page),
    ).toEqual([3, 4]);

    const after = await fileStates(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const changed = [...after.keys()].filter(
      (path) =>
        after.get(path)?.mtimeMs !== before.get(path)?.mtimeMs || after.get(path)?.sha256 !== before.get(path)?.sha256,
    );
    expect(changed.sort()).toEqual(
      [
        'landing/batch-000004.json',
        'landing/batch-000004.meta.json',
        'landing/batch-000005.json',
        'landing/batch-000005.meta.json',
        'manifest.json',
        'raw/batch-number=1-20/batch-000004.parquet',
        'raw/batch-number=1-20/batch-000005.parquet',
      ].sort(),
    );
    const manifestAfter = await readManifestJson(out);
    for (const [i, entry] of manifestAfter.batches.entries()) {
      if (entry.batch === 4 || entry.batch === 5)
        expect(entry.ingestedAt).not.toBe(manifestBefore.batches[i]?.ingestedAt);
      else expect(entry).toEqual(manifestBefore.batches[i]);
    }
    // The replacement holds the same NEOs, freshly fetched.
    const served = servedPages(api.requests().slice(requestsBefore));
    const rows = queryRaw<{ n: number }>(out, 'SELECT count(*) AS n FROM raw WHERE batch_number IN (4, 5)')[0]?.n;
    const expectedRows = served
      .flatMap((p) => p.body.near_earth_objects)
      .reduce((sum, neo) => sum + Math.max(1, neo.close_approach_data.length), 0);
    expect(rows).toBe(expectedRows);
  });

  it('that fails keeps the batch data it was meant to replace (exit 4)', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withSeed(6).withCatalogueSize(200));
    const { out, again, before } = await ingested(api, work, cli, 100);
    api.setFaults({ rules: [{ page: 2, kind: '500', times: 5 }] });
    const run = await again('--backfill', '3', '3', '--max-retries', '1');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/batch 3 keeps the data of its earlier successful fetch/);
    const after = await fileStates(out);
    expect(after).toEqual(before);
  });
});
