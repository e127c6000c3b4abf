// The aggregation job over ranges and failures, on its own compose cluster (name neo-test-sparkjob-ranges,
// ports 19100+): pruned input (only the partition folders holding the range), missing batches, nothing
// ingested, bad ranges, a failed run leaving the previous result alone, and a worker killed while the job
// runs.
import { execFileSync } from 'node:child_process';
import { rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { batchRange } from '../../core/layout.ts';
import { aliveWorkers, masterStatus } from '../../spark-job/cluster/cluster-status.ts';
import { fetchJson } from '../../spark-job/cluster/http.ts';
import { SUBMIT } from '../support/cli.ts';
import { type BatchRecords, expectedMetrics, fetchedInBatchOrder } from '../support/expected-metrics.ts';
import { type CliRunner, it } from '../support/fixtures.ts';
import { writeRawBatches } from '../support/raw-batches.ts';
import { SparkTestCluster, type StartedSparkCluster } from '../support/spark-cluster.ts';
import { allApps, eventLog, folderIno, printedAppId, readResult, submitTimings } from '../support/spark-results.ts';

const NAME = 'neo-test-sparkjob-ranges';
const PORT_BASE = 19100;
const DRIVER_UI = `http://127.0.0.1:${PORT_BASE + 40}`;
const timings = submitTimings();

describe('Spark aggregation ranges and failures on the compose cluster', () => {
  let cluster: StartedSparkCluster;
  let cli: CliRunner;

  const submit = async (label: string, args: readonly string[]) => {
    const run = await cli.run(SUBMIT, [...args, '--cluster', NAME]);
    timings.record(label, run);
    return run;
  };

  it.beforeAll(async ({ cli: runner, startSparkCluster }) => {
    cli = runner;
    cluster = await startSparkCluster(new SparkTestCluster().withName(NAME).withPortBase(PORT_BASE));
  });

  afterAll(() => timings.print());

  describe('ranges', () => {
    let dataDir: string;
    /** One partition's range, at another threshold: the submit the pruning and failure tests both make. */
    const range5to12 = () => ['5', '12', '--output-dir', dataDir, '--threshold', '0.05'];
    let records: BatchRecords;
    const present = [...batchRange(1, 20), 23, 24];

    it.beforeAll(async () => {
      // Partition folders of 20: batch-number=1-20 (1..20) and batch-number=21-40 (23, 24; 21 and 22 never ingested).
      dataDir = join(cluster.outputDir, 'ranges');
      records = fetchedInBatchOrder(await writeRawBatches({ outputDir: dataDir, batches: present, partitionSize: 20 }));
    });

    it('5..12 reads only batch-number=1-20 and keeps only batches 5..12', async () => {
      const run = await submit('cluster 5..12 (one partition)', range5to12());
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
        const run = await submit('cluster 5..12 failing (corrupt input)', range5to12());
        expect(run.code, run.stderr).toBe(12);
        expect(run.stderr).toMatch(
          new RegExp(
            'error: the Spark job .*failed after .* spark-submit exited with 1; ' +
              'the previous result, if any, is unchanged',
          ),
        );
      } finally {
        await rm(file);
        await rename(`${file}.keep`, file);
      }
      expect(await folderIno(resultDir)).toBe(before.ino);
      expect(readResult(resultDir)).toEqual(before.metrics);
    });
  });

  // Last: the cluster has one worker afterwards.
  it('finishes with the right numbers when a worker is killed while tasks run; the master shows it lost', async () => {
    const dataDir = join(cluster.outputDir, 'big');
    const records = fetchedInBatchOrder(await writeRawBatches({ outputDir: dataDir, batches: batchRange(1, 120) }));
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
    timings.record('cluster 1..120 with worker-2 killed mid-scan', run);
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
