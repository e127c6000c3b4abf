// Quarantine: one run in which the stand-in serves records broken in every way validation knows (each
// kind of check in NeoSchema: missing and wrong-typed fields at every level, empty strings, decimals,
// date formats, calendar dates, int32 range, the id rule, a duplicate id, a record that is no object).
// Each must land in quarantine/ whole, with its reason and lineage, be counted in the summary, and the
// run must exit 3 so that scripts know the data needs attention. Every other record is in raw/.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { EXIT } from '../../ingest/exit-codes.ts';
import { type RecordBreaker, createCatalogue } from '../../standin/catalogue.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { type CliRun, FAST, INGEST } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { filesHoldingKey, listFiles, queryRaw } from '../support/ingest-output.ts';

const SEED = 4;
const NEOS = 100;
const BATCH_SIZE = 20;
const args = (url: string, out: string) => [
  '--total',
  String(NEOS),
  '--batch-size',
  String(BATCH_SIZE),
  '--output-dir',
  out,
  '--api-url',
  url,
  ...FAST,
];

/** A record as JSON lets any field be removed or mistyped. */
type Json = Record<string, any>;

const edit =
  (change: (neo: Json) => void): RecordBreaker =>
  (neo) => {
    change(neo as Json);
    return neo;
  };
const approach = (neo: Json): Json => neo.close_approach_data[0];

/** [what is broken, how, the reason validation must give]. */
const BREAKAGES: ReadonlyArray<readonly [string, RecordBreaker, RegExp]> = [
  ['record is a string', () => 'garbage', /^record: expected object, got string$/],
  ['record is null', () => null, /^record: expected object, got null$/],
  ['record is an array', () => [1, 2], /^record: expected object, got array$/],
  ['name missing', edit((n) => delete n.name), /^name: missing \(expected string\)$/],
  ['name empty', edit((n) => (n.name = '')), /^name: Too small: expected string to have >=1 characters$/],
  ['no id at all', edit((n) => (delete n.id, delete n.neo_reference_id)), /^id: missing id and neo_reference_id$/],
  ['id empty', edit((n) => (n.id = '')), /^id: Too small/],
  [
    'hazard flag a string',
    edit((n) => (n.is_potentially_hazardous_asteroid = 'false')),
    /^is_potentially_hazardous_asteroid: expected boolean, got string$/,
  ],
  [
    'sentry flag a string',
    edit((n) => (n.is_sentry_object = 'yes')),
    /^is_sentry_object: expected boolean, got string$/,
  ],
  [
    'magnitude a string',
    edit((n) => (n.absolute_magnitude_h = '22.1')),
    /^absolute_magnitude_h: expected number, got string$/,
  ],
  [
    'diameter a string',
    edit((n) => (n.estimated_diameter.meters.estimated_diameter_min = 'big')),
    /^estimated_diameter\.meters\.estimated_diameter_min: expected number, got string$/,
  ],
  [
    'approaches missing',
    edit((n) => delete n.close_approach_data),
    /^close_approach_data: missing \(expected array\)$/,
  ],
  [
    'approaches an object',
    edit((n) => (n.close_approach_data = {})),
    /^close_approach_data: expected array, got object$/,
  ],
  [
    'approach date not YYYY-MM-DD',
    edit((n) => (approach(n).close_approach_date = '2023/01/05')),
    /^close_approach_data\[0\]\.close_approach_date: not a YYYY-MM-DD date$/,
  ],
  [
    'approach date not a calendar day',
    edit((n) => (approach(n).close_approach_date = '2023-02-29')),
    /^close_approach_data\[0\]\.close_approach_date: not a calendar date$/,
  ],
  [
    'miss distance missing',
    edit((n) => delete approach(n).miss_distance),
    /^close_approach_data\[0\]\.miss_distance: missing \(expected object\)$/,
  ],
  [
    'AU not a decimal',
    edit((n) => (approach(n).miss_distance.astronomical = 'far')),
    /^close_approach_data\[0\]\.miss_distance\.astronomical: not a decimal number$/,
  ],
  [
    'velocity not a decimal',
    edit((n) => (approach(n).relative_velocity.kilometers_per_second = 'fast')),
    /^close_approach_data\[0\]\.relative_velocity\.kilometers_per_second: not a decimal number$/,
  ],
  [
    'epoch not an integer',
    edit((n) => (approach(n).epoch_date_close_approach = 1.5)),
    /^close_approach_data\[0\]\.epoch_date_close_approach: expected int, got number$/,
  ],
  [
    'orbiting body a number',
    edit((n) => (approach(n).orbiting_body = 3)),
    /^close_approach_data\[0\]\.orbiting_body: expected string, got number$/,
  ],
  ['orbital data a string', edit((n) => (n.orbital_data = 'none')), /^orbital_data: expected object, got string$/],
  [
    'observations beyond Int32',
    edit((n) => (n.orbital_data.observations_used = 3_000_000_000)),
    /^orbital_data\.observations_used: Too big: expected number to be <=2147483647$/,
  ],
  [
    'first observation not a calendar day',
    edit((n) => (n.orbital_data.first_observation_date = '1999-13-01')),
    /^orbital_data\.first_observation_date: not a calendar date$/,
  ],
  [
    'orbital period not a decimal',
    edit((n) => (n.orbital_data.orbital_period = 'long')),
    /^orbital_data\.orbital_period: not a decimal number$/,
  ],
];

interface QuarantineLine {
  batch: number;
  page: number;
  ingested_at: string;
  reason: string;
  record: unknown;
}

const catalogue = createCatalogue({ seed: SEED, size: NEOS });
const links = { baseUrl: 'http://127.0.0.1:1', apiKey: 'REDACTED' };
// Records with approaches, spread over every batch; a duplicate of its predecessor in the same page.
const targets = Array.from({ length: NEOS }, (_, i) => i).filter((i) => i % 4 === 1 && catalogue.approachCount(i) > 0);
const broken = new Map<number, { what: string; breaker: RecordBreaker; reason: RegExp }>();
BREAKAGES.forEach(([what, breaker, reason], k) => {
  const index = targets[k];
  if (index === undefined) throw new Error('not enough records with approaches for every breakage');
  broken.set(index, { what, breaker, reason });
});
const duplicateIndex = NEOS - 1;
const original = catalogue.neoAt(duplicateIndex - 1, links);
broken.set(duplicateIndex, {
  what: 'duplicate id in the page',
  breaker: edit((n) => ((n.id = original.id), (n.neo_reference_id = original.neo_reference_id))),
  reason: new RegExp(
    `^id: duplicate id ${original.id}, first seen at record ${(duplicateIndex - 1) % BATCH_SIZE} of this page$`,
  ),
});

it.override({
  standinApi: new StandinApi()
    .withSeed(SEED)
    .withCatalogueSize(NEOS)
    .withBrokenRecords(new Map([...broken].map(([index, { breaker }]) => [index, breaker]))),
});

describe('quarantine of every kind of broken record', () => {
  let out: string;
  let run: CliRun;
  it.beforeAll(async ({ fileStandin: api, fileTempDir: work, cli }) => {
    out = join(work, 'out');
    run = await cli.run(INGEST, [...args(api.url, out), '--log-format', 'json'], { cwd: work });
  });

  it(`exits ${EXIT.quarantined} with every broken record counted in the summary`, () => {
    expect(broken.size).toBe(BREAKAGES.length + 1);
    expect(run.code, run.stderr.slice(-2000)).toBe(EXIT.quarantined);
    const summary = JSON.parse(run.stdout) as {
      outcome: string;
      exitCode: number;
      quarantined: number;
      dataset: { quarantined: number };
    };
    expect(summary).toMatchObject({
      outcome: 'quarantined',
      exitCode: EXIT.quarantined,
      quarantined: broken.size,
      dataset: { quarantined: broken.size },
    });
    // The per-batch log lines say how many each batch quarantined.
    const done = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; batch?: number; quarantined?: number })
      .filter((e) => e.type === 'batch-done');
    const perBatch = (batch: number) =>
      [...broken.keys()].filter((index) => Math.floor(index / BATCH_SIZE) + 1 === batch).length;
    expect(done.map((e) => [e.batch, e.quarantined])).toEqual(done.map((e) => [e.batch, perBatch(e.batch ?? 0)]));
  });

  it('keeps each broken record whole, with its reason and lineage, and the key redacted', async ({
    fileStandin: api,
  }) => {
    const files = await listFiles(join(out, 'quarantine'));
    const lines: QuarantineLine[] = [];
    for (const file of files) {
      const text = await readFile(join(out, 'quarantine', file), 'utf8');
      lines.push(
        ...text
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as QuarantineLine),
      );
    }
    expect(lines).toHaveLength(broken.size);
    const unmatched = [...broken].filter(([index, { what, breaker, reason }]) => {
      const batch = Math.floor(index / BATCH_SIZE) + 1;
      // The record exactly as served, but for the key in its links.
      const served = breaker(catalogue.neoAt(index, { baseUrl: api.url, apiKey: 'REDACTED' }));
      const line = lines.find((l) => l.batch === batch && JSON.stringify(l.record) === JSON.stringify(served));
      const ok =
        line !== undefined &&
        line.page === batch - 1 &&
        reason.test(line.reason) &&
        !Number.isNaN(Date.parse(line.ingested_at));
      if (!ok) console.log(`${what}: ${line === undefined ? 'no quarantine line' : `reason "${line.reason}"`}`);
      return !ok;
    });
    expect(unmatched.map(([, { what }]) => what)).toEqual([]);
    expect(await filesHoldingKey(out, { stdout: run.stdout, stderr: run.stderr })).toEqual([]);
  });

  it('writes every other record to raw/, and none of the broken ones', () => {
    const [row] = queryRaw<{ n: number; ids: number }>(out, 'SELECT count(*) AS n, count(DISTINCT id) AS ids FROM raw');
    const good = Array.from({ length: NEOS }, (_, i) => i).filter((i) => !broken.has(i));
    const expectedRows = good.reduce((sum, i) => sum + Math.max(1, catalogue.approachCount(i)), 0);
    expect(row).toEqual({ n: expectedRows, ids: good.length });
    const brokenIds = [...broken.keys()].filter((i) => i !== duplicateIndex).map((i) => catalogue.neoAt(i, links).id);
    const leaked = queryRaw<{ id: string }>(
      out,
      `SELECT DISTINCT id FROM raw WHERE id IN (${brokenIds.map((id) => `'${id}'`).join(', ')})`,
    );
    expect(leaked).toEqual([]);
  });

  it('still exits 3 on the next run, which has nothing to fetch', async ({
    fileStandin: api,
    fileTempDir: work,
    cli,
  }) => {
    const requests = api.requests().length;
    const again = await cli.run(INGEST, args(api.url, out), { cwd: work });
    expect(again.code).toBe(EXIT.quarantined);
    expect(api.requests().length).toBe(requests);
    expect(again.stdout).toMatch(new RegExp(`quarantined\\s+0 this run; ${broken.size} in the output`));
  });
});
