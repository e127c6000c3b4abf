// Raw Parquet written by the project, read back by the real pyarrow and DuckDB: the contract's names and
// types exactly, every value equal to rows recomputed independently in Python from the JSON pages
// (closest approach included), nulls where fields are absent, and nothing secret in the file.
import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect } from 'vitest';
import { transformPage } from '../../ingest/explode/transform-page.ts';
import { BrowsePageSchema, type ColumnType, RAW_COLUMNS } from '../../core/schema.ts';
import { createCatalogue } from '../../standin/catalogue.ts';
import { browseReply } from '../../standin/protocol.ts';
import { writeRawParquet } from '../../ingest/write/raw-parquet.ts';
import { approach, modernNeo, pageOf } from '../support/modern-neo.ts';
import { FIXTURE_DIR } from '../../standin/fixtures.ts';
import { it } from '../support/fixtures.ts';

const PYTHON = fileURLToPath(new URL('../../.venv/bin/python', import.meta.url));
const READBACK = fileURLToPath(new URL('./parquet_readback.py', import.meta.url));
const API_KEY = 'readback-test-key-9f2c';
const INGESTED_AT = new Date('2026-02-03T04:05:06.789Z');

// The contract's physical mapping, as each engine names the types.
const PYARROW_TYPE: Record<ColumnType, string> = {
  string: 'string',
  double: 'double',
  boolean: 'bool',
  date: 'date32[day]',
  int: 'int32',
  bigint: 'int64',
  timestamp: 'timestamp[us, tz=UTC]',
};
const DUCKDB_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  int: 'INTEGER',
  bigint: 'BIGINT',
  timestamp: 'TIMESTAMP WITH TIME ZONE',
};

/** Awkward records: multi-byte text, no approaches, ties, absent optional fields, bare leading dots. */
function edgePage(): string {
  const noEpoch = approach({
    close_approach_date: '1961-07-04',
    orbiting_body: 'Venus',
    miss_distance: { astronomical: '.0123' },
  });
  delete noEpoch.epoch_date_close_approach;
  const bare = approach({ close_approach_date: '2101-01-01', miss_distance: { astronomical: '0.5' } });
  delete bare.relative_velocity;
  delete bare.orbiting_body;
  const noOrbit = modernNeo({ id: '54000003', name: 'no orbit', close_approach_data: [bare] });
  delete noOrbit.orbital_data;
  delete noOrbit.estimated_diameter;
  const records = [
    modernNeo({ id: '2000433', name: '433 Éros (A898 PA) — ☄', name_limited: 'Éros' }),
    modernNeo({ id: '54000001', close_approach_data: [] }),
    modernNeo({
      id: '54000002',
      orbital_data: { orbital_period: '.9', first_observation_date: '1899-12-31', observations_used: 0 },
      // A three-way tie on distance: the earliest (1950, Moon) is neither first nor last.
      close_approach_data: [
        approach({
          close_approach_date: '2030-01-01',
          epoch_date_close_approach: Date.UTC(2030, 0, 1),
          orbiting_body: 'Mars',
          miss_distance: { astronomical: '0.0123' },
        }),
        approach({
          close_approach_date: '1950-05-05',
          epoch_date_close_approach: Date.UTC(1950, 4, 5),
          orbiting_body: 'Moon',
          miss_distance: { astronomical: '0.0123', kilometers: '1840000' },
        }),
        noEpoch,
      ],
    }),
    noOrbit,
  ];
  return JSON.stringify(pageOf(records, 1999));
}

/** A page from the stand-in's modern catalogue, as served (its links echo the key). */
function generatedPage(): string {
  return browseReply(createCatalogue({ seed: 11, size: 40_000 }), 3, 20, 'http://127.0.0.1:1', API_KEY).body;
}

interface Readback {
  readonly parquet: string;
  readonly pyarrow_types: [string, string, boolean][];
  readonly duckdb_types: [string, string][];
  readonly expected_rows: number;
  readonly pyarrow_rows: number;
  readonly duckdb_rows: number;
  readonly row_groups: number;
  readonly compression: string[];
  readonly metadata: Record<string, string>;
  readonly mismatch_count: number;
  readonly mismatches: string[];
}

describe('raw Parquet read back by pyarrow and DuckDB', () => {
  let results: Readback[] = [];
  const rowsInJson = new Map<string, number>();
  const parquetPaths: string[] = [];

  it.beforeAll(async ({ fileTempDir: dir }) => {
    const fixtureBodies = await Promise.all(
      (await readdir(FIXTURE_DIR))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => readFile(join(FIXTURE_DIR, f), 'utf8')),
    );
    const bodies = [...fixtureBodies, generatedPage(), edgePage()];
    const cases = [];
    for (const [i, body] of bodies.entries()) {
      const batchNumber = i + 1;
      const json = join(dir, `batch-${batchNumber}.json`);
      const parquet = join(dir, 'raw', `batch-${batchNumber}.parquet`);
      await writeFile(json, body);
      const page = BrowsePageSchema.parse(JSON.parse(body));
      const { columns, quarantined } = transformPage(page, { batchNumber, ingestedAt: INGESTED_AT });
      expect(quarantined).toEqual([]);
      await writeRawParquet(columns, parquet);
      const neos = page.near_earth_objects as { close_approach_data: unknown[] }[];
      rowsInJson.set(
        parquet,
        neos.reduce((n, neo) => n + Math.max(1, neo.close_approach_data.length), 0),
      );
      parquetPaths.push(parquet);
      cases.push({ json, parquet, batch_number: batchNumber, ingested_at: INGESTED_AT.toISOString() });
    }
    const casesPath = join(dir, 'cases.json');
    await writeFile(casesPath, JSON.stringify(cases));
    const { stdout } = await promisify(execFile)(PYTHON, [READBACK, casesPath], { maxBuffer: 64 << 20 });
    results = JSON.parse(stdout) as Readback[];
  });

  it('reads every file written: three 2017 fixture pages, a generated page and an edge-case page', () => {
    expect(results.map((r) => r.parquet)).toEqual(parquetPaths);
    expect(parquetPaths).toHaveLength(5);
  });

  it('gives pyarrow the contract names, types and nullability exactly', () => {
    for (const r of results) {
      expect(r.pyarrow_types).toEqual(RAW_COLUMNS.map((c) => [c.name, PYARROW_TYPE[c.type], c.nullable]));
    }
  });

  it('gives DuckDB the contract names and types exactly', () => {
    for (const r of results) expect(r.duckdb_types).toEqual(RAW_COLUMNS.map((c) => [c.name, DUCKDB_TYPE[c.type]]));
  });

  it('holds one row per approach, at least one per NEO, in both engines', () => {
    for (const r of results) {
      const expected = rowsInJson.get(r.parquet);
      expect([r.expected_rows, r.pyarrow_rows, r.duckdb_rows]).toEqual([expected, expected, expected]);
    }
  });

  it('matches, value for value, rows recomputed in Python from the JSON (closest approach, nulls, decimals)', () => {
    for (const r of results) {
      expect(r.mismatches).toEqual([]);
      expect(r.mismatch_count).toBe(0);
    }
  });

  it('is snappy-compressed in one row group', () => {
    for (const r of results) expect([r.compression, r.row_groups]).toEqual([['SNAPPY'], 1]);
  });

  it('carries no metadata but the Arrow schema, and no key or request detail anywhere in the file', async () => {
    for (const r of results) {
      expect(Object.keys(r.metadata)).toEqual(['ARROW:schema']);
      // The Arrow schema is base64 in the footer: search it decoded, and the raw bytes as they are.
      const arrowSchema = Buffer.from(r.metadata['ARROW:schema'] ?? '', 'base64');
      const text = Buffer.concat([await readFile(r.parquet), arrowSchema]).toString('latin1');
      for (const secretish of [API_KEY, 'api_key', 'REDACTED', '/neo/rest/v1', 'browse?page']) {
        expect(text.includes(secretish), `${r.parquet} contains ${secretish}`).toBe(false);
      }
    }
  });
});
