// A catalogue that changes between two runs into one folder: the second run's pages are offsets into the
// moved listing, so one NEO lands in two batches and the new one in none. The run must say so and end
// with exit 7, naming the overlap and the batches that may miss NEOs; --refresh then repairs it. Expected
// ids come from the stand-in's own listing and change log, never from the ingest's output.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { FAST, INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { queryRaw } from '../support/ingest-output.ts';

const SIZE = 200;

describe('a catalogue that moved between runs', () => {
  it('names the overlap and the batches that may miss NEOs, exits 7, and --refresh repairs it', async ({
    startStandin,
    tempDir: out,
    cli,
  }) => {
    const api = await startStandin((standin) => standin.withSeed(21).withCatalogueSize(SIZE));
    const args = (...extra: string[]) => ['--output-dir', out, '--api-url', api.url, ...FAST, ...extra];
    expect((await cli.run(INGEST, args('--total', '40'))).code).toBe(0);

    const inserted = api.changeCatalogue({ kind: 'insert', at: 0 });
    // After the insertion, position 40 holds what was position 39: the last NEO of batch 2.
    const [pushedDown] = api.catalogue().ids(40, 41);
    const second = await cli.run(INGEST, args('--total', '60'));
    console.log(`drifted run:\n${second.stdout}`);
    expect(second.code).toBe(7);
    expect(second.stdout).toMatch(/outcome\s+inconsistent \(exit 7\)/);
    expect(second.stdout).toContain(`NEO ${pushedDown} is in batches 2 and 3`);
    expect(second.stdout).toContain(
      `the catalogue moved by +1 (${SIZE} -> ${SIZE + 1} NEOs) since batches 1-2 were fetched`,
    );
    expect(second.stdout).toContain('positions 1-40');
    expect(second.stdout).toContain('--refresh');
    expect(second.stderr).toContain(`warning: NEO ${pushedDown} is in batches 2 and 3`);
    const ids = queryRaw<{ id: string; n: number }>(
      out,
      'SELECT id, count(DISTINCT batch_number) AS n FROM raw GROUP BY id',
    );
    expect(ids.filter((row) => row.n > 1).map((row) => row.id)).toEqual([pushedDown]);
    expect(ids.map((row) => row.id)).not.toContain(inserted.id);

    // The recorded total (60) is the default now: a backfill needs no --total, and --refresh covers 60.
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { total: number };
    expect(manifest.total).toBe(60);
    expect((await cli.run(INGEST, args('--backfill', '2', '2'))).stdout).toMatch(/exit 7/);
    const refresh = await cli.run(INGEST, args('--refresh'));
    console.log(`refresh:\n${refresh.stdout}${refresh.stderr}`);
    expect(refresh.code).toBe(0);
    const after = queryRaw<{ id: string }>(out, 'SELECT DISTINCT id, batch_number FROM raw ORDER BY batch_number');
    const expected = api.catalogue().ids(0, 60);
    expect(new Set(after.map((row) => row.id))).toEqual(new Set(expected));
    expect(after).toHaveLength(60);
  });
});
