// The aggregation job's results, on its own compose cluster (name neo-test-sparkjob, ports 19000+): the whole
// pipeline from the stand-in API through the ingest to the Spark results, read back with DuckDB and compared
// metric by metric with counts made here from the JSON the stand-in served; what the submit prints (a short
// summary, the full table with --table) and the report it writes; --local against the cluster; a NEO
// served in two batches counted once; npm start --offline.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { batchRange } from '../../core/layout.ts';
import { resolveConfig } from '../../ingest/config.ts';
import { runIngest } from '../../ingest/run/run-ingest.ts';
import type { IngestSummary } from '../../ingest/types.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { masterStatus } from '../../spark-job/cluster/cluster-status.ts';
import { type CliRun, SUBMIT } from '../support/cli.ts';
import { type BatchRecords, expectedMetrics, fetchedInBatchOrder, servedBatches } from '../support/expected-metrics.ts';
import { type CliRunner, it } from '../support/fixtures.ts';
import { catalogueBatch } from '../support/raw-batches.ts';
import { SparkTestCluster, type StartedSparkCluster } from '../support/spark-cluster.ts';
import {
  eventLog,
  expectedNewResults,
  folderIno,
  printedAppId,
  printedTable,
  readNewResults,
  readResult,
  submitTimings,
} from '../support/spark-results.ts';

const NAME = 'neo-test-sparkjob';
const PORT_BASE = 19000;
/** The history server's host port: the compose file's SPARK_HISTORY_UI_PORT, base+90 in SparkTestCluster. */
const HISTORY_UI = `http://127.0.0.1:${PORT_BASE + 90}`;
const timings = submitTimings();

// Page 3 (batch 4) answers 500 every time, so that batch is never ingested.
it.override({
  standinApi: new StandinApi().withSeed(11).withFaults({ rules: [{ page: 3, kind: '500', times: 1_000 }] }),
});

describe('Spark aggregation results on the compose cluster', () => {
  let cluster: StartedSparkCluster;
  let cli: CliRunner;

  it.beforeAll(async ({ cli: runner, startSparkCluster }) => {
    cli = runner;
    cluster = await startSparkCluster(new SparkTestCluster().withName(NAME).withPortBase(PORT_BASE));
  });

  afterAll(() => timings.print());

  describe('whole pipeline: stand-in API -> ingest -> submit', () => {
    let dataDir: string;
    let summary: IngestSummary;
    let served: BatchRecords;
    let run: CliRun;

    it.beforeAll(async ({ fileStandin: api }) => {
      dataDir = join(cluster.outputDir, 'pipeline');
      const config = resolveConfig({
        flags: { total: '200', outputDir: dataDir, apiUrl: api.url, rate: '50', maxRetries: '1', retryBaseMs: '1' },
        env: { NASA_API_KEY: 'pipeline-test-key' },
        dotenv: {},
        cwd: process.cwd(),
      });
      summary = await runIngest(config);
      served = servedBatches(api.requests());
      run = await cli.run(SUBMIT, ['1', '10', '--output-dir', dataDir, '--cluster', NAME]);
      timings.record('cluster 1..10 (pipeline, 9 batches present)', run);
    });

    it('writes every metric equal to the counts made from the JSON the stand-in served', () => {
      expect(summary.batches.failed).toBe(1);
      expect(run.code, run.stderr).toBe(0);
      const expected = expectedMetrics(served, { start: 1, end: 10 }, 0.2, '02');
      const written = readResult(join(dataDir, 'aggregations/batches-1-10'));
      expect(written).toEqual(expected);
      // Every name the issue asks for is there, with years spelled out.
      expect([...written.keys()].slice(0, 5)).toEqual([
        'batches_requested',
        'batches_present',
        'neos',
        'close_approaches_total',
        'total_close_approaches_under_02_au',
      ]);
      expect([...written.keys()].filter((name) => /^close_approaches_year_\d{4}$/.test(name)).length).toBeGreaterThan(
        100,
      );
      expect(existsSync(join(dataDir, 'aggregations/batches-1-10/_SUCCESS'))).toBe(true);
    });

    it('prints a short summary: coverage, headline metrics, folders, the report it wrote, the UIs', () => {
      const expected = expectedMetrics(served, { start: 1, end: 10 }, 0.2, '02');
      const reportPath = join(dataDir, 'reports/batches-1-10/report.html');
      expect(run.stdout.split('\n').length).toBeLessThan(30);
      expect(run.stdout).toContain('Batches 1-10: 9 of 10 present; missing: 4\n');
      for (const metric of ['neos', 'close_approaches_total', 'total_close_approaches_under_02_au'])
        expect(run.stdout).toMatch(new RegExp(`^  ${metric} +${expected.get(metric)}$`, 'm'));
      for (const folder of ['aggregations', 'closest-approaches', 'approaches-by-year-and-body'])
        expect(run.stdout).toContain(`${join(dataDir, folder, 'batches-1-10')}/\n`);
      expect(run.stdout).toContain(`Report: ${reportPath}\n`);
      expect(existsSync(reportPath)).toBe(true);
      expect(run.stdout).toContain(`master UI ${cluster.masterUiUrl}`);
      expect(run.stdout).toContain(`History: ${HISTORY_UI}/history/${printedAppId(run)}/\n`);
      // No set-aside copies here: the line is left out.
      expect(run.stdout).not.toContain('duplicate_neo_copies_set_aside');
    });

    it('writes the 20 closest approaches and the approaches per year and body, as served; shuffles no approach', () => {
      const written = readNewResults(dataDir, { start: 1, end: 10 });
      expect(written).toEqual(expectedNewResults(served, { start: 1, end: 10 }, 0.2));
      expect(written.closest.map((row) => (row as { rank: number }).rank)).toEqual(batchRange(1, 20));
      // NEO copies, partial counts and top-20 candidates cross the network; approach rows never do (a window
      // over every row to pick the kept copies shuffled them all, 4 to 5 times slower at catalogue scale).
      const approaches = expectedMetrics(served, { start: 1, end: 10 }, 0.2, '02').get('close_approaches_total');
      expect(eventLog(cluster, printedAppId(run)).shuffledRecords).toBeLessThan((approaches ?? 0) / 2);
    });

    it('shows the progress the driver reports, ending with every stage done and every task the event log ran', () => {
      const appId = printedAppId(run);
      const lines = run.stderr.split('\n').filter((line) => line.startsWith(`${appId}: stages `));
      expect(lines.length, run.stderr).toBeGreaterThan(1);
      const last = /: stages (\d+)\/(\d+) done; tasks (\d+)\/(\d+) done, 0 running \(\d+ s\)$/.exec(lines.at(-1) ?? '');
      expect(last, lines.at(-1)).not.toBeNull();
      const [stagesDone, stagesKnown, tasksDone, tasksKnown] = (last ?? []).slice(1).map(Number);
      expect(stagesDone).toBe(stagesKnown);
      expect(tasksDone).toBe(tasksKnown);
      expect(tasksDone).toBe(eventLog(cluster, appId).tasksSucceeded);
    });

    it('names the batch never ingested, with the manifest reason, and counts coverage without it', () => {
      expect(run.stderr).toMatch(/warning: 1 batch\(es\) of 1-10 were never ingested: 4 \(batch 4 failed: [^)]*\)/);
      const written = readResult(join(dataDir, 'aggregations/batches-1-10'));
      expect(written.get('batches_requested')).toBe(10);
      expect(written.get('batches_present')).toBe(9);
      expect(written.get('neos')).toBe(180);
    });

    it('is listed as a completed application on the master /json/', async () => {
      const appId = printedAppId(run);
      expect(appId).toMatch(/^app-/);
      const app = (await masterStatus(cluster.masterUiUrl)).completedapps.find((candidate) => candidate.id === appId);
      expect(app?.state).toBe('FINISHED');
      expect(app?.name).toMatch(/^neo-aggregate-1-10-/);
    });

    it('--local --table prints every metric as served and replaces the cluster result', async () => {
      const resultDir = join(dataDir, 'aggregations/batches-1-10');
      const before = await folderIno(resultDir);
      const local = await cli.run(SUBMIT, [
        '1',
        '10',
        '--local',
        '--table',
        '--output-dir',
        dataDir,
        '--cluster',
        NAME,
      ]);
      timings.record('local 1..10 (pipeline)', local);
      expect(local.code, local.stderr).toBe(0);
      expect(local.stdout).toContain('local mode, no master UI');
      const expected = expectedMetrics(served, { start: 1, end: 10 }, 0.2, '02');
      expect(printedTable(local)).toEqual(expected);
      expect(await folderIno(resultDir)).not.toBe(before);
      expect(readResult(resultDir)).toEqual(expected);
      expect(readNewResults(dataDir, { start: 1, end: 10 })).toEqual(
        expectedNewResults(served, { start: 1, end: 10 }, 0.2),
      );
    });
  });

  it('counts a NEO served in two batches once: its copy from the batch fetched last', async ({ startStandin }) => {
    const dataDir = join(cluster.outputDir, 'duplicates');
    // As batch 2 is first asked for, a NEO is discovered at position 5: batch 1's last NEO moves to the
    // start of batch 2 and is served in both.
    const api = await startStandin((standin) =>
      standin.withSeed(5).withCatalogueChanges({ script: [{ page: 1, change: { kind: 'insert', at: 5 } }] }),
    );
    const config = resolveConfig({
      flags: { total: '60', outputDir: dataDir, apiUrl: api.url, rate: '50' },
      env: { NASA_API_KEY: 'duplicates-test-key' },
      dotenv: {},
      cwd: process.cwd(),
    });
    await runIngest(config);
    const served = servedBatches(api.requests());
    // Served beyond batch 3 too (the ingest may look a page ahead): only the range's copies count. Older
    // records (the real 2017 page) carry only neo_reference_id.
    type Ids = { id?: string; neo_reference_id?: string };
    const copies = [...served]
      .filter(([batch]) => batch <= 3)
      .flatMap(([, { records }]) => records.map((neo) => (neo as Ids).id ?? (neo as Ids).neo_reference_id));
    const setAside = copies.length - new Set(copies).size;
    expect(setAside).toBeGreaterThan(0);

    const run = await cli.run(SUBMIT, ['1', '3', '--output-dir', dataDir, '--cluster', NAME]);
    timings.record('cluster 1..3 (a NEO in two batches)', run);
    expect(run.code, run.stderr).toBe(0);
    const written = readResult(join(dataDir, 'aggregations/batches-1-3'));
    expect(written).toEqual(expectedMetrics(served, { start: 1, end: 3 }, 0.2, '02'));
    expect(written.get('duplicate_neo_copies_set_aside')).toBe(setAside);
    expect(written.get('neos')).toBe(new Set(copies).size);
    // The summary names the copies set aside when there are some.
    expect(run.stdout).toMatch(new RegExp(`^  duplicate_neo_copies_set_aside +${setAside}$`, 'm'));
    expect(readNewResults(dataDir, { start: 1, end: 3 })).toEqual(
      expectedNewResults(served, { start: 1, end: 3 }, 0.2),
    );
  });

  it('npm start --offline: cluster already up, ingest from the stand-in, aggregate batches 1..3', async () => {
    const run = await cli.run(
      'scripts/start.ts',
      ['--offline', '--total', '60', '--output-dir', cluster.outputDir, '--standin-port', '0'],
      { env: { NEO_CLUSTER: NAME } },
    );
    timings.record('npm start --offline --total 60 (ingest + cluster 1..3)', run);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Spark cluster "${NAME}" is up`);
    const dataDir = join(cluster.outputDir, 'offline');
    // The stand-in's default catalogue (seed 1), as it serves batches 1..3.
    const records = fetchedInBatchOrder(new Map(batchRange(1, 3).map((batch) => [batch, catalogueBatch(batch)])));
    const expected = expectedMetrics(records, { start: 1, end: 3 }, 0.2, '02');
    expect(readResult(join(dataDir, 'aggregations/batches-1-3'))).toEqual(expected);
    expect(run.stdout).toContain('Batches 1-3: 3 of 3 present\n');
    expect(run.stdout).toContain(`Report: ${join(dataDir, 'reports/batches-1-3/report.html')}\n`);
    expect(existsSync(join(dataDir, 'reports/batches-1-3/report.html'))).toBe(true);
    expect(run.stdout).toContain(`master UI ${cluster.masterUiUrl}`);
  });
});
