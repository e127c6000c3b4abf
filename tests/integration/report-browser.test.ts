// The HTML report as a person sees it: the real pipeline (stand-in API -> ingest CLI -> submit --local ->
// report CLI) writes reports/batches-1-10/report.html, which headless Chromium opens from disk. The bars
// must carry the counts DuckDB reads back from the Spark results, and the table the 20 closest
// approaches computed here from the JSON the stand-in served; the page loads nothing and logs no error.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { type Neo, NeoSchema } from '../../core/schema.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { type CliRun, FAST, INGEST, SUBMIT } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { servedPages } from '../support/ingest-output.ts';
import { runPythonJson } from '../support/python.ts';

const REPORT_CLI = 'spark-job/report-cli.ts';
const RANGE = { start: 1, end: 10 };

interface ExpectedRow {
  neoId: string;
  name: string;
  date: string;
  body: string;
  au: number;
  lunar: number | null;
  km: number | null;
  velocity: number | null;
  hazardous: string;
}

const decimal = (text: string | undefined) => (text === undefined ? null : Number(text));

/** The 20 closest approaches of the range's valid NEOs, from the served JSON, nearest first. */
function expectedClosest(neos: readonly Neo[]): ExpectedRow[] {
  const rows = neos.flatMap((neo) =>
    neo.close_approach_data.map((approach) => ({
      neoId: neo.id ?? String(neo.neo_reference_id),
      name: neo.name,
      date: approach.close_approach_date,
      body: approach.orbiting_body ?? '',
      au: Number(approach.miss_distance.astronomical),
      lunar: decimal(approach.miss_distance.lunar),
      km: decimal(approach.miss_distance.kilometers),
      velocity: decimal(approach.relative_velocity?.kilometers_per_second),
      hazardous: neo.is_potentially_hazardous_asteroid ? 'yes' : 'no',
    })),
  );
  return rows.sort((a, b) => a.au - b.au).slice(0, 20);
}

const duckdb = <T>(sql: string) => runPythonJson<T[]>('duckdb_query.py', [sql]);

/** Bars of one chart by series: aria-label "Year 1987: 12 approaches" -> [series text, key, count]. */
async function barLabels(page: Page, figure: string): Promise<string[]> {
  return page
    .locator(`${figure} svg [role="graphics-symbol"][aria-roledescription="bar"]`)
    .evaluateAll((bars) => bars.map((bar) => bar.getAttribute('aria-label') ?? ''));
}

function parseBars(labels: readonly string[], pattern: RegExp): Map<string, number> {
  return new Map(
    labels.flatMap((label) => {
      const match = pattern.exec(label);
      return match ? [[match[1] as string, Number(match[2])] as const] : [];
    }),
  );
}

// Page 3 (batch 4) always answers 500: the report must warn that batch 4 is missing.
it.override({
  standinApi: new StandinApi().withSeed(11).withFaults({ rules: [{ page: 3, kind: '500', times: 1_000 }] }),
});

describe('report.html of a real pipeline run, in headless Chromium', () => {
  let outputDir: string;
  let neos: Neo[];
  let submit: CliRun;
  let report: CliRun;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  it.beforeAll(async ({ fileStandin: api, fileTempDir: work, cli, fileBrowser: browser }) => {
    outputDir = join(work, 'out');
    const ingestArgs = [
      '--total',
      '200',
      '--output-dir',
      outputDir,
      '--api-url',
      api.url,
      ...FAST,
      '--max-retries',
      '1',
    ];
    await cli.run(INGEST, ingestArgs, { cwd: work });
    neos = servedPages(api.requests())
      .filter(({ page: served }) => served + 1 >= RANGE.start && served + 1 <= RANGE.end)
      .flatMap(({ body }) => body.near_earth_objects.flatMap((record) => NeoSchema.safeParse(record).data ?? []));
    submit = await cli.run(SUBMIT, [
      String(RANGE.start),
      String(RANGE.end),
      '--local',
      '--quiet',
      '--output-dir',
      outputDir,
    ]);
    report = await cli.run(REPORT_CLI, [String(RANGE.start), String(RANGE.end), '--output-dir', outputDir]);
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    if (report.code === 0) await page.goto(pathToFileURL(report.stdout.trim()).href);
  });

  it('the submit and the report CLI succeed, and the report lies where the layout says', () => {
    expect(submit.code, submit.stderr).toBe(0);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout.trim()).toBe(join(outputDir, 'reports/batches-1-10/report.html'));
  });

  it('loads nothing but itself and logs no error', () => {
    expect(requests).toEqual([pathToFileURL(report.stdout.trim()).href]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows one bar per year and series with the counts of the Spark result', async () => {
    const metrics = duckdb<{ metric: string; value: number }>(
      `SELECT metric, value FROM read_parquet('${outputDir}/aggregations/batches-1-10/[!.]*.parquet')`,
    );
    const byYear = (pattern: RegExp) =>
      new Map(
        metrics.flatMap(({ metric, value }) => (pattern.exec(metric) ? [[pattern.exec(metric)?.[1], value]] : [])),
      );
    const all = byYear(/^close_approaches_year_(\d+)$/);
    const under = byYear(/^close_approaches_under_02_au_year_(\d+)$/);
    const labels = await barLabels(page, '#per-year');
    expect(labels.length).toBe(all.size * 2);
    expect(parseBars(labels, /^Year (\d+): (\d+) approaches$/)).toEqual(all);
    expect(parseBars(labels, /^Year (\d+): (\d+) approaches under 0\.2 AU$/)).toEqual(under);
    expect(all.size).toBeGreaterThan(100);
  });

  it('shows one bar per orbiting body and series with the per-body totals', async () => {
    const totals = duckdb<{ body: string; approaches: number; close: number }>(
      `SELECT orbiting_body AS body, sum(approaches)::BIGINT AS approaches, sum(close_approaches)::BIGINT AS close
       FROM read_parquet('${outputDir}/approaches-by-year-and-body/batches-1-10/[!.]*.parquet') GROUP BY ALL`,
    );
    const labels = await barLabels(page, '#by-body');
    expect(parseBars(labels, /^(\w+): (\d+) approaches$/)).toEqual(new Map(totals.map((t) => [t.body, t.approaches])));
    expect(parseBars(labels, /^(\w+): (\d+) approaches under 0\.2 AU$/)).toEqual(
      new Map(totals.map((t) => [t.body, t.close])),
    );
  });

  it('lists the 20 closest approaches computed from the JSON the stand-in served', async () => {
    const rows = await page.locator('#closest-approaches tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')];
        const value = (i: number) => {
          const exact = cells[i]?.querySelector('data')?.getAttribute('value');
          return exact === null || exact === undefined ? null : Number(exact);
        };
        const text = (i: number) => cells[i]?.textContent ?? '';
        return {
          rank: Number(text(0)),
          row: {
            neoId: text(2),
            name: text(1),
            date: text(3),
            body: text(4),
            au: value(5),
            lunar: value(6),
            km: value(7),
            velocity: value(8),
            hazardous: text(9),
          },
        };
      }),
    );
    expect(rows.map(({ rank }) => rank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows.map(({ row }) => row)).toEqual(expectedClosest(neos));
  });

  it('states the coverage and warns about the batch that was never ingested', async () => {
    expect(await page.locator('#coverage').textContent()).toContain('9 of 10 batches present');
    expect(await page.locator('.warnings').textContent()).toContain('batch 4 never ingested');
    const distinct = new Set(neos.map((neo) => neo.id ?? neo.neo_reference_id)).size;
    expect(await page.locator('#neos dd').textContent()).toBe(distinct.toLocaleString('en-US'));
  });

  it('saves a screenshot of the whole page', async () => {
    // Kept after the test (the output dir is not), for a person to look at.
    const path = join(tmpdir(), 'neo-report-browser.png');
    expect(page.url()).toBe(pathToFileURL(report.stdout.trim()).href);
    const png = await page.screenshot({ path, fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    console.log(`screenshot: ${path}`);
  });
});
