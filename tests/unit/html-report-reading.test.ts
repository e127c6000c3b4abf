// Reading a range's results for the report: Parquet folders as Spark leaves them (several part files,
// _SUCCESS, hidden staging files), typed rows, the threshold recovered from the metric names, and the
// manifest's missing batches, quarantined records and optional drift notes.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Bool,
  DateDay,
  Float64,
  Int32,
  Int64,
  Table,
  Utf8,
  type Vector,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { Table as WasmTable, writeParquet } from 'parquet-wasm';
import { describe, expect } from 'vitest';
import { emptyManifest, writeManifest } from '../../core/manifest.ts';
import { readManifestCoverage } from '../../spark-job/report/html/manifest-coverage.ts';
import { ResultsMissing } from '../../spark-job/report/html/parquet-folder.ts';
import { labelThreshold, readRangeResults } from '../../spark-job/report/html/range-results.ts';
import { it } from '../support/fixtures.ts';

const RANGE = { start: 3, end: 6 };
const DAY_MS = 86_400_000;

async function writePart(dir: string, name: string, columns: Record<string, Vector>) {
  await mkdir(dir, { recursive: true });
  const table = new Table(columns);
  await writeFile(join(dir, name), writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream'))));
}

const int64 = (values: number[]) => vectorFromArray(values.map(BigInt), new Int64());
const text = (values: Array<string | null>) => vectorFromArray(values, new Utf8());

/** The three result folders of RANGE, each in two part files with Spark's _SUCCESS and a hidden leftover. */
async function writeResults(out: string): Promise<void> {
  const folder = (kind: string) => join(out, kind, 'batches-3-6');
  const metrics = [
    ['batches_requested', 4],
    ['batches_present', 3],
    ['neos', 60],
    ['close_approaches_total', 9],
    ['total_close_approaches_under_005_au', 2],
    ['close_approaches_year_1999', 4],
    ['close_approaches_under_005_au_year_1999', 2],
    ['close_approaches_year_2030', 5],
    ['close_approaches_under_005_au_year_2030', 0],
    ['duplicate_neo_copies_set_aside', 1],
  ] as const;
  await writePart(folder('aggregations'), 'part-00001-a.snappy.parquet', {
    metric: text(metrics.slice(5).map(([name]) => name)),
    value: int64(metrics.slice(5).map(([, value]) => value)),
  });
  await writePart(folder('aggregations'), 'part-00000-a.snappy.parquet', {
    metric: text(metrics.slice(0, 5).map(([name]) => name)),
    value: int64(metrics.slice(0, 5).map(([, value]) => value)),
  });
  const closest = (rank: number, day: number) => ({
    rank: vectorFromArray([rank], new Int32()),
    neo_id: text([`id-${rank}`]),
    name: text([`(2020 A${rank})`]),
    approach_date: vectorFromArray([day * DAY_MS], new DateDay()),
    miss_distance_au: vectorFromArray([rank / 1000], new Float64()),
    miss_distance_lunar: vectorFromArray([rank === 2 ? null : rank / 100], new Float64()),
    miss_distance_km: vectorFromArray([rank * 150_000], new Float64()),
    relative_velocity_km_per_sec: vectorFromArray([12.5], new Float64()),
    orbiting_body: text([rank === 2 ? null : 'Earth']),
    is_potentially_hazardous_asteroid: vectorFromArray([rank === 1], new Bool()),
  });
  await writePart(folder('closest-approaches'), 'part-00001-b.parquet', closest(2, 0));
  await writePart(folder('closest-approaches'), 'part-00000-b.parquet', closest(1, 19_000));
  await writePart(folder('approaches-by-year-and-body'), 'part-00000-c.parquet', {
    year: vectorFromArray([2030, 1999, 1999], new Int32()),
    orbiting_body: text(['Earth', 'Mars', 'Earth']),
    approaches: int64([5, 1, 3]),
    close_approaches: int64([0, 0, 2]),
  });
  for (const kind of ['aggregations', 'closest-approaches', 'approaches-by-year-and-body']) {
    await writeFile(join(folder(kind), '_SUCCESS'), '');
    // Not Parquet at all: reading it would throw, so it must be skipped.
    await writeFile(join(folder(kind), '.tmp-123-part-00002.parquet'), 'half written');
  }
}

describe('readRangeResults', () => {
  it('types every result, in the job order for metrics, by year and by rank', async ({ tempDir }) => {
    await writeResults(tempDir);
    const results = await readRangeResults(tempDir, RANGE);
    expect(results.threshold).toBe(0.05);
    expect(results.thresholdLabel).toBe('005');
    expect([...results.metrics.keys()].slice(0, 2)).toEqual(['batches_requested', 'batches_present']);
    expect(results.metrics.get('duplicate_neo_copies_set_aside')).toBe(1);
    expect(results.years).toEqual([
      { year: 1999, approaches: 4, underThreshold: 2 },
      { year: 2030, approaches: 5, underThreshold: 0 },
    ]);
    expect(
      results.byYearAndBody.map((row) => [row.year, row.orbitingBody, row.approaches, row.underThreshold]),
    ).toEqual([
      [1999, 'Earth', 3, 2],
      [1999, 'Mars', 1, 0],
      [2030, 'Earth', 5, 0],
    ]);
    expect(results.closest).toEqual([
      {
        rank: 1,
        neoId: 'id-1',
        name: '(2020 A1)',
        approachDate: '2022-01-08',
        missDistanceAu: 0.001,
        missDistanceLunar: 0.01,
        missDistanceKm: 150_000,
        relativeVelocityKmPerSec: 12.5,
        orbitingBody: 'Earth',
        potentiallyHazardous: true,
      },
      {
        rank: 2,
        neoId: 'id-2',
        name: '(2020 A2)',
        approachDate: '1970-01-01',
        missDistanceAu: 0.002,
        missDistanceLunar: null,
        missDistanceKm: 300_000,
        relativeVelocityKmPerSec: 12.5,
        orbitingBody: null,
        potentiallyHazardous: false,
      },
    ]);
  });

  it('a range without results, or results without a column, is ResultsMissing naming the folder', async ({
    tempDir,
  }) => {
    await expect(readRangeResults(tempDir, RANGE)).rejects.toThrow(ResultsMissing);
    await expect(readRangeResults(tempDir, RANGE)).rejects.toThrow(join(tempDir, 'aggregations/batches-3-6'));
    await writeResults(tempDir);
    await writePart(join(tempDir, 'closest-approaches/batches-3-6'), 'part-00002-old.parquet', { rank: int64([3]) });
    await expect(readRangeResults(tempDir, RANGE)).rejects.toThrow(/part-00002-old.parquet has no column neo_id/);
  });

  it('recovers thresholds from labels as the submit spells them', () => {
    expect(['02', '005', '15', '1', '0000001'].map(labelThreshold)).toEqual([0.2, 0.05, 1.5, 1, 0.000001]);
  });
});

describe('readManifestCoverage', () => {
  const done = (batch: number, quarantined: number) => ({
    batch,
    page: batch - 1,
    attempts: 1,
    updatedAt: 'now',
    status: 'done' as const,
    neos: 20,
    rows: 40,
    quarantined,
    parquet: `raw/batch-${batch}.parquet`,
    bytes: 1,
    sha256: 'a'.repeat(64),
    landing: 'l',
    landingSha256: 'b'.repeat(64),
    quarantineFile: null,
    ingestedAt: 'now',
  });

  it('lists missing batches with their reasons, quarantined records, and drift notes of the range', async ({
    tempDir,
  }) => {
    const manifest = emptyManifest({ batchSize: 20, partitionSize: 20, apiUrl: 'http://127.0.0.1' });
    manifest.batches.set(3, done(3, 0));
    manifest.batches.set(4, { batch: 4, page: 3, attempts: 2, updatedAt: 'now', status: 'failed', error: 'HTTP 500' });
    manifest.batches.set(6, done(6, 2));
    manifest.batches.set(9, done(9, 5));
    await writeManifest(tempDir, manifest, new Date());
    const path = join(tempDir, 'manifest.json');
    const json = JSON.parse(await readFile(path, 'utf8'));
    json.drift = [{ message: 'catalogue grew by 20 NEOs' }, 'page 7 shifted'];
    json.batches[2].drift = { message: 'total_elements changed' };
    json.batches[3].drift = 'outside the range';
    await writeFile(path, JSON.stringify(json));
    expect(await readManifestCoverage(tempDir, RANGE)).toEqual({
      manifestFound: true,
      missing: [
        { batch: 4, reason: 'HTTP 500' },
        { batch: 5, reason: null },
      ],
      quarantined: [{ batch: 6, records: 2 }],
      drift: ['catalogue grew by 20 NEOs', 'page 7 shifted', 'batch 6: total_elements changed'],
    });
  });

  it('says so when there is no manifest', async ({ tempDir }) => {
    expect(await readManifestCoverage(tempDir, RANGE)).toEqual({
      manifestFound: false,
      missing: [],
      quarantined: [],
      drift: [],
    });
  });
});
