// The aggregation job for real, on its own compose cluster (name neo-test-sparkjob, ports 19000+): the
// whole pipeline from the stand-in API through the ingest to the Spark result, read back with DuckDB and
// compared metric by metric with counts made here from the JSON the stand-in served; ranges (pruned input,
// missing batches, nothing ingested, bad ranges); --local against the cluster; a failed run leaving the
// previous result alone; npm start --offline; and a worker killed while the job runs.
import { execFileSync } from 'node:child_process';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { resolveConfig } from '../../ingest/config.ts';
import { runIngest } from '../../ingest/run/run-ingest.ts';
import type { IngestSummary } from '../../ingest/types.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { aliveWorkers, masterStatus, type MasterApp } from '../../spark-job/cluster/cluster-status.ts';
import { fetchJson } from '../../spark-job/cluster/http.ts';
import { FOLDERS } from '../../core/layout.ts';
import { type CliRun, SUBMIT } from '../support/cli.ts';
import {
  type BatchRecords,
  type Range,
  expectedByYearAndBody,
  expectedClosest,
  expectedMetrics,
  fetchedInBatchOrder,
  servedBatches,
} from '../support/expected-metrics.ts';
import { type CliRunner, it } from '../support/fixtures.ts';
import { runPythonJson } from '../support/python.ts';
import { catalogueBatch, writeRawBatches } from '../support/raw-batches.ts';
import { SparkTestCluster, type StartedSparkCluster } from '../support/spark-cluster.ts';

const NAME = 'neo-test-sparkjob';
const PORT_BASE = 19000;
const DRIVER_UI = `http://127.0.0.1:${PORT_BASE + 40}`;

/** Wall time of every Spark submit, printed at the end (the numbers the README quotes). */
const timings: Array<[string, number]> = [];

function readResult(dir: string): Map<string, number> {
  const rows = runPythonJson<Array<{ metric: string; value: number }>>('duckdb_query.py', [
    `SELECT metric, value FROM read_parquet('${dir}/part-*.parquet')`,
  ]);
  return new Map(rows.map((row) => [row.metric, row.value]));
}

/** The metric table the CLI printed (stdout up to the blank line before "Ran on"). */
const printedTable = (run: CliRun) => run.stdout.slice(0, run.stdout.indexOf('\n\nRan on'));
const printedAppId = (run: CliRun) => /^Ran on .*\((app-[\w-]+|local-\d+)\)/m.exec(run.stdout)?.[1] ?? null;

/** The closest-approaches and approaches-by-year-and-body results of a range, as DuckDB reads them. */
function readNewResults(dataDir: string, { start, end }: Range) {
  const folder = (name: string) => `read_parquet('${join(dataDir, name, `batches-${start}-${end}`)}/part-*.parquet')`;
  return {
    closest: runPythonJson<unknown[]>('duckdb_query.py', [
      `SELECT * REPLACE (strftime(approach_date, '%Y-%m-%d') AS approach_date) FROM ${folder(FOLDERS.closestApproaches)} ORDER BY rank`,
    ]),
    byYearAndBody: runPythonJson<unknown[]>('duckdb_query.py', [
      `SELECT * FROM ${folder(FOLDERS.yearlyApproaches)} ORDER BY year, orbiting_body`,
    ]),
  };
}

/** What the two new results must hold, from the served JSON. */
const expectedNewResults = (batches: BatchRecords, range: Range, threshold: number) => ({
  closest: expectedClosest(batches, range),
  byYearAndBody: expectedByYearAndBody(batches, range, threshold),
});

interface EventLog {
  /** Root paths of every Parquet scan. */
  scans: string[][];
  executorsRemoved: Array<{ host: string | null; reason: string }>;
  tasksFailed: number;
  stagesRun: number;
}

function eventLog(cluster: StartedSparkCluster, appId: string | null): EventLog {
  return runPythonJson<EventLog>('spark_event_log.py', [join(cluster.outputDir, FOLDERS.sparkEvents), appId ?? 'none']);
}

async function allApps(cluster: StartedSparkCluster): Promise<MasterApp[]> {
  const status = await masterStatus(cluster.masterUiUrl);
  return [...status.activeapps, ...status.completedapps];
}

async function folderIno(path: string): Promise<number | null> {
  return (await stat(path).catch(() => null))?.ino ?? null;
}

const range = (start: number, end: number) => Array.from({ length: end - start + 1 }, (_, i) => start + i);

// Page 3 (batch 4) answers 500 every time, so that batch is never ingested.
it.override({
  standinApi: new StandinApi().withSeed(11).withFaults({ rules: [{ page: 3, kind: '500', times: 1_000 }] }),
});

describe('Spark aggregation job on the compose cluster', () => {
  let cluster: StartedSparkCluster;
  let cli: CliRunner;

  const submit = async (label: string, args: readonly string[], env: Record<string, string> = {}) => {
    const run = await cli.run(SUBMIT, [...args, '--cluster', NAME], { env });
    timings.push([label, run.ms]);
    return run;
  };

  it.beforeAll(async ({ cli: runner }) => {
    cli = runner;
    cluster = await new SparkTestCluster().withName(NAME).withPortBase(PORT_BASE).start();
  });

  afterAll(async () => {
    console.log(
      `submit wall times on this machine:\n${timings.map(([label, ms]) => `  ${label}: ${(ms / 1000).toFixed(1)} s`).join('\n')}`,
    );
    await cluster?.stop();
  });

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
      run = await submit('cluster 1..10 (pipeline, 9 batches present)', ['1', '10', '--output-dir', dataDir]);
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
      // The table printed is the same data.
      for (const [metric, value] of expected) expect(run.stdout).toMatch(new RegExp(`^${metric} +${value}$`, 'm'));
      expect(existsSync(join(dataDir, 'aggregations/batches-1-10/_SUCCESS'))).toBe(true);
      expect(run.stdout).toContain(`master UI ${cluster.masterUiUrl}`);
    });

    it('writes the 20 closest approaches and the approaches per year and body, as served, in 4 stages', () => {
      const written = readNewResults(dataDir, { start: 1, end: 10 });
      expect(written).toEqual(expectedNewResults(served, { start: 1, end: 10 }, 0.2));
      expect(written.closest.map((row) => (row as { rank: number }).rank)).toEqual(range(1, 20));
      // One read of the data for all three results: the scan, the shuffle by NEO, the summary, the results.
      expect(eventLog(cluster, printedAppId(run)).stagesRun).toBeLessThanOrEqual(4);
    });

    it('reports the batch that was never ingested, with the reason from the manifest, and counts coverage without it', () => {
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

    it('--local prints the same table and replaces the cluster result', async () => {
      const resultDir = join(dataDir, 'aggregations/batches-1-10');
      const before = await folderIno(resultDir);
      const local = await cli.run(SUBMIT, ['1', '10', '--local', '--output-dir', dataDir, '--cluster', NAME]);
      timings.push(['local 1..10 (pipeline)', local.ms]);
      expect(local.code, local.stderr).toBe(0);
      expect(local.stdout).toContain('local mode, no master UI');
      expect(printedTable(local)).toEqual(printedTable(run));
      expect(await folderIno(resultDir)).not.toBe(before);
      expect(readResult(resultDir)).toEqual(expectedMetrics(served, { start: 1, end: 10 }, 0.2, '02'));
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

    const run = await submit('cluster 1..3 (a NEO in two batches)', ['1', '3', '--output-dir', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    const written = readResult(join(dataDir, 'aggregations/batches-1-3'));
    expect(written).toEqual(expectedMetrics(served, { start: 1, end: 3 }, 0.2, '02'));
    expect(written.get('duplicate_neo_copies_set_aside')).toBe(setAside);
    expect(written.get('neos')).toBe(new Set(copies).size);
    expect(readNewResults(dataDir, { start: 1, end: 3 })).toEqual(
      expectedNewResults(served, { start: 1, end: 3 }, 0.2),
    );
  });

  describe('ranges', () => {
    let dataDir: string;
    let records: BatchRecords;
    const present = [...range(1, 20), 23, 24];

    it.beforeAll(async () => {
      // Partition folders of 20: batch-number=1-20 (1..20) and batch-number=21-40 (23, 24; 21 and 22 never ingested).
      dataDir = join(cluster.outputDir, 'ranges');
      records = fetchedInBatchOrder(await writeRawBatches({ outputDir: dataDir, batches: present, partitionSize: 20 }));
    });

    it('5..12 reads only batch-number=1-20 and keeps only batches 5..12', async () => {
      const run = await submit('cluster 5..12 (one partition)', [
        '5',
        '12',
        '--output-dir',
        dataDir,
        '--threshold',
        '0.05',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`reading 1 partition folder(s) of ${dataDir}/raw: batch-number=1-20\n`);
      expect(eventLog(cluster, printedAppId(run)).scans).toEqual([
        ['file:/opt/neo/output/ranges/raw/batch-number=1-20'],
      ]);
      const written = readResult(join(dataDir, 'aggregations/batches-5-12'));
      expect(written).toEqual(expectedMetrics(records, { start: 5, end: 12 }, 0.05, '005'));
      expect(written.get('neos')).toBe(8 * 20);
      expect(written.has('total_close_approaches_under_005_au')).toBe(true);
    });

    it('18..24 reads both partition folders, reports 21-22 missing and counts coverage right', async () => {
      const run = await submit('cluster 18..24 (two partitions, 2 missing)', ['18', '24', '--output-dir', dataDir]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('reading 2 partition folder(s)');
      expect(run.stderr).toMatch(/warning: 2 batch\(es\) of 18-24 were never ingested: 21-22;/);
      expect(eventLog(cluster, printedAppId(run)).scans).toEqual([
        ['file:/opt/neo/output/ranges/raw/batch-number=1-20', 'file:/opt/neo/output/ranges/raw/batch-number=21-40'],
      ]);
      const written = readResult(join(dataDir, 'aggregations/batches-18-24'));
      expect(written).toEqual(expectedMetrics(records, { start: 18, end: 24 }, 0.2, '02'));
      expect(written.get('batches_requested')).toBe(7);
      expect(written.get('batches_present')).toBe(5);
    });

    it('a range with no ingested batch exits 10, says to run the ingest, submits and writes nothing', async () => {
      const appsBefore = (await allApps(cluster)).length;
      for (const [start, end] of [
        ['30', '35'],
        ['41', '45'],
      ] as const) {
        const run = await cli.run(SUBMIT, [start, end, '--output-dir', dataDir, '--cluster', NAME]);
        expect(run.code, run.stderr).toBe(10);
        expect(run.stderr).toContain(`no batch of ${start}-${end} has been ingested`);
        expect(run.stderr).toContain('npm run ingest -- --total');
        expect(existsSync(join(dataDir, `aggregations/batches-${start}-${end}`))).toBe(false);
      }
      expect((await allApps(cluster)).length).toBe(appsBefore);
    });

    it('bad ranges are refused with exit 2 and nothing is submitted', async () => {
      const appsBefore = (await allApps(cluster)).length;
      const cases: Array<[string[], RegExp]> = [
        [['0', '5'], /start must be 1 or more/],
        [['-2', '5'], /start must be a whole batch number of 1 or more, got "-2"/],
        [['7', '5'], /start \(7\) is after end \(5\)/],
        [['1.5', '3'], /start must be a whole batch number of 1 or more, got "1.5"/],
        [['1', 'ten'], /end must be a whole batch number of 1 or more, got "ten"/],
        [['3'], /missing required argument 'end'/],
        [['1', '5', '--threshold', '0'], /--threshold must be more than 0 AU/],
      ];
      for (const [args, message] of cases) {
        const run = await cli.run('./submit_spark_job.sh', [...args, '--output-dir', dataDir, '--cluster', NAME]);
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
        expect(run.stderr).toMatch(message);
        expect(run.stderr).not.toContain('submitting');
      }
      expect((await allApps(cluster)).length).toBe(appsBefore);
    });

    it('a failed run exits 12 and leaves the previous result exactly as it was', async () => {
      const resultDir = join(dataDir, 'aggregations/batches-5-12');
      const before = { ino: await folderIno(resultDir), metrics: readResult(resultDir) };
      const file = join(dataDir, 'raw/batch-number=1-20/batch-000007.parquet');
      await rename(file, `${file}.keep`);
      await writeFile(file, 'this is not a Parquet file');
      try {
        const run = await submit('cluster 5..12 failing (corrupt input)', [
          '5',
          '12',
          '--output-dir',
          dataDir,
          '--threshold',
          '0.05',
        ]);
        expect(run.code, run.stderr).toBe(12);
        expect(run.stderr).toMatch(
          /error: the Spark job .*failed after .* spark-submit exited with 1; the previous result, if any, is unchanged/,
        );
      } finally {
        await rm(file);
        await rename(`${file}.keep`, file);
      }
      expect(await folderIno(resultDir)).toBe(before.ino);
      expect(readResult(resultDir)).toEqual(before.metrics);
    });
  });

  it('npm start --offline: cluster already up, ingest from the stand-in, aggregate batches 1..3', async () => {
    const run = await cli.run(
      'scripts/start.ts',
      ['--offline', '--total', '60', '--output-dir', cluster.outputDir, '--standin-port', '0'],
      {
        env: { NEO_CLUSTER: NAME },
      },
    );
    timings.push(['npm start --offline --total 60 (ingest + cluster 1..3)', run.ms]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Spark cluster "${NAME}" is up`);
    const dataDir = join(cluster.outputDir, 'offline');
    // The stand-in's default catalogue (seed 1), as it serves batches 1..3.
    const records = fetchedInBatchOrder(new Map(range(1, 3).map((batch) => [batch, catalogueBatch(batch)])));
    const expected = expectedMetrics(records, { start: 1, end: 3 }, 0.2, '02');
    expect(readResult(join(dataDir, 'aggregations/batches-1-3'))).toEqual(expected);
    expect(run.stdout).toMatch(/^batches_present +3$/m);
    expect(run.stdout).toContain(`master UI ${cluster.masterUiUrl}`);
  });

  // Last: the cluster has one worker afterwards.
  it('finishes with the right numbers when a worker is killed while tasks run; the master shows it lost', async () => {
    const dataDir = join(cluster.outputDir, 'big');
    const records = fetchedInBatchOrder(await writeRawBatches({ outputDir: dataDir, batches: range(1, 120) }));
    // Small splits: hundreds of short scan tasks, so the job is still scanning when the worker dies.
    const running = cli.start(SUBMIT, [
      '1',
      '120',
      '--output-dir',
      dataDir,
      '--cluster',
      NAME,
      '--conf',
      'spark.sql.files.maxPartitionBytes=131072',
    ]);

    type Stage = { status: string; numTasks: number; numActiveTasks: number; numCompleteTasks: number };
    let atKill: Stage | undefined;
    const deadline = Date.now() + 5 * 60_000;
    while (atKill === undefined && Date.now() < deadline) {
      const apps = await fetchJson<Array<{ id: string; name: string }>>(`${DRIVER_UI}/api/v1/applications`).catch(
        () => [],
      );
      const app = apps.find((candidate) => candidate.name.startsWith('neo-aggregate-1-120-'));
      const stages = app
        ? await fetchJson<Stage[]>(`${DRIVER_UI}/api/v1/applications/${app.id}/stages`).catch(() => [])
        : [];
      atKill = stages.find(
        (s) => s.status === 'ACTIVE' && s.numTasks >= 100 && s.numActiveTasks > 0 && s.numCompleteTasks >= 10,
      );
      if (atKill === undefined) await new Promise((done) => setTimeout(done, 200));
    }
    expect(atKill, 'the scan stage never showed running tasks').toBeDefined();
    execFileSync('docker', ['kill', `${NAME}-spark-worker-2`]);

    const run = await running.done;
    timings.push(['cluster 1..120 with worker-2 killed mid-scan', run.ms]);
    expect(atKill!.numCompleteTasks).toBeLessThan(atKill!.numTasks);
    expect(run.code, run.stderr).toBe(0);
    expect(readResult(join(dataDir, 'aggregations/batches-1-120'))).toEqual(
      expectedMetrics(records, { start: 1, end: 120 }, 0.2, '02'),
    );

    // The driver saw the executor go and ran its tasks again elsewhere.
    const log = eventLog(cluster, printedAppId(run));
    expect(log.executorsRemoved.map((executor) => executor.host)).toEqual(['spark-worker-2']);
    expect(log.tasksFailed).toBeGreaterThan(0);

    const status = await masterStatus(cluster.masterUiUrl);
    expect(aliveWorkers(status).map((worker) => worker.host)).toEqual(['spark-worker-1']);
    const lost = status.workers.filter((worker) => worker.host === 'spark-worker-2');
    expect(lost.every((worker) => worker.state !== 'ALIVE')).toBe(true);
    expect(status.completedapps.find((app) => app.id === printedAppId(run))?.state).toBe('FINISHED');
  });
});
