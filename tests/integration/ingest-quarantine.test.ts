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
import { BREAKAGES, edit } from '../support/broken-records.ts';
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
