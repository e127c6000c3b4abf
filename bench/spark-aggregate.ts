// The aggregation on the compose cluster exactly as the submit wrapper submits it (spark-job/job/submit.ts:
// the same partition folders, SQL parameters and spark-submit command line through `docker exec`), run
// here directly so that run_sql.py's stdout is ours: the metrics (RESULT_JSON), the driver's phase timers
// (TIMING_JSON), and the application id, by which its event log gives the stages that ran.
// Also DuckDB (bench/aggregate_duckdb.py) over the same files, for time and a metric-by-metric check.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FOLDERS, resultFolderName } from '../core/layout.ts';
import { masterStatus } from '../spark-job/cluster/cluster-status.ts';
import { resolveSubmitConfig } from '../spark-job/config.ts';
import { parseResultLine } from '../spark-job/job/job-process.ts';
import { clusterRunner } from '../spark-job/job/job-runner.ts';
import { prepareSharedFolders } from '../spark-job/job/output-folders.ts';
import { inventoryRaw } from '../spark-job/job/raw-inventory.ts';
import type { JobSpec } from '../spark-job/job/spark-submit-command.ts';
import { RESULT_SQL_FILES, aggregateParams } from '../spark-job/job/sql-params.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = join(ROOT, '.venv/bin/python');
const run = promisify(execFile);

/** Driver-side phase timers printed by run_sql.py. */
export interface Timing {
  readonly session_s: number;
  readonly executors_s: number;
  readonly query_s: number;
  readonly write_s: number;
}
export const PHASES = ['session_s', 'executors_s', 'query_s', 'write_s'] as const;

export type Metrics = Record<string, number>;

export interface JobRun {
  /** From `docker exec` to its end, as a user waits for it (the wrapper's own Node start aside). */
  readonly wall_s: number;
  readonly timing: Timing;
}

export interface AggregateRun extends JobRun {
  readonly metrics: Metrics;
  readonly appId: string;
  /** Stage attempts that ran, from the application's event log (skipped stages not counted). */
  readonly stages: number;
}

export const round = (value: number) => Math.round(value * 100) / 100;
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * `./submit_spark_job.sh` as a user runs it (Node start, the checks and the report included): wall seconds,
 * and the metrics it prints (--table).
 */
export async function submitAsUser(
  dir: string,
  start: number,
  end: number,
): Promise<{ seconds: number; metrics: Metrics }> {
  const started = performance.now();
  const { stdout } = await run(
    join(ROOT, 'submit_spark_job.sh'),
    [String(start), String(end), '--output-dir', dir, '--quiet', '--table'],
    { cwd: ROOT, maxBuffer: 1 << 26 },
  );
  const metrics: Metrics = {};
  for (const [, metric, value] of stdout.matchAll(/^([a-z0-9_]+)\s+(\d+)$/gm))
    metrics[metric as string] = Number(value);
  return { seconds: (performance.now() - started) / 1000, metrics };
}

/** The TIMING_JSON line of run_sql.py's stdout. */
export function parseTiming(stdout: string, what: string): Timing {
  const timing = /^TIMING_JSON (.*)$/m.exec(stdout)?.[1];
  if (timing === undefined) throw new Error(`${what} printed no TIMING_JSON line:\n${stdout}`);
  return JSON.parse(timing) as Timing;
}

/** Median of each phase over runs, as `<prefix><phase>`. */
export function phaseMedians(prefix: string, runs: readonly JobRun[]): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const phase of PHASES) figures[`${prefix}${phase}`] = round(median(runs.map((r) => r.timing[phase])));
  return figures;
}

async function stagesRun(eventsDir: string, appId: string): Promise<number> {
  const script = join(ROOT, 'tests/support/spark_event_log.py');
  const { stdout } = await run(PYTHON, [script, eventsDir, appId], { maxBuffer: 1 << 26 });
  return (JSON.parse(stdout) as { stagesRun: number }).stagesRun;
}

/** The application's id, by its (unique) name, from the master's list of applications. */
async function appIdOf(masterUiUrl: string | null, appName: string): Promise<string> {
  if (masterUiUrl === null) throw new Error('no master UI: the aggregation benchmark needs the compose cluster');
  const status = await masterStatus(masterUiUrl);
  const app = [...status.activeapps, ...status.completedapps].find((candidate) => candidate.name === appName);
  if (app === undefined) throw new Error(`the master at ${masterUiUrl} lists no application ${appName}`);
  return app.id;
}

/** Batches start..end of `outputDir`'s raw/ aggregated on the compose cluster; the result folders replaced. */
export async function aggregateOnCluster(outputDir: string, start: number, end: number): Promise<AggregateRun> {
  const config = resolveSubmitConfig({
    start: String(start),
    end: String(end),
    flags: { outputDir, quiet: true },
    env: process.env,
    cwd: ROOT,
  });
  const inventory = await inventoryRaw(config.outputDir, config.range);
  if (inventory.present.length === 0) throw new Error(`no batch of ${start}-${end} in ${inventory.rawDir}`);
  const runner = await clusterRunner(config);
  await prepareSharedFolders([
    ...RESULT_SQL_FILES.map(({ folder }) => join(config.outputDir, folder)),
    runner.eventsDir,
  ]);
  const containerRaw = join(runner.containerOutputDir, FOLDERS.raw);
  const job: JobSpec = {
    appName: `bench-aggregate-${start}-${end}-${Date.now().toString(36)}`,
    params: aggregateParams(config.range, config.threshold, config.thresholdLabel),
    inputFolders: inventory.folders.map((folder) => join(containerRaw, folder.name)),
    basePath: containerRaw,
    outputDir: runner.containerOutputDir,
    resultName: resultFolderName(config.range),
    sparkConf: config.sparkConf,
  };
  const started = performance.now();
  const { stdout } = await run('docker', runner.dockerArgs(job), { maxBuffer: 1 << 26 });
  const wall_s = (performance.now() - started) / 1000;
  const rows = stdout
    .split('\n')
    .map(parseResultLine)
    .find((parsed) => parsed !== null);
  if (rows === undefined) throw new Error(`the aggregation ${start}-${end} printed no RESULT_JSON line:\n${stdout}`);
  const appId = await appIdOf(runner.masterUiUrl, job.appName);
  return {
    wall_s,
    timing: parseTiming(stdout, `the aggregation ${start}-${end}`),
    metrics: Object.fromEntries(rows.map(({ metric, value }) => [metric, value])),
    appId,
    stages: await stagesRun(runner.eventsDir, appId),
  };
}

/**
 * bench/aggregate_duckdb.py over the same raw/ files: wall seconds (Python's start included), the seconds it
 * measures itself (listing the files, the query), and the metrics.
 */
export async function aggregateDuckdb(
  outputDir: string,
  start: number,
  end: number,
): Promise<{ seconds: number; querySeconds: number; metrics: Metrics }> {
  const started = performance.now();
  const { stdout } = await run(
    PYTHON,
    [join(ROOT, 'bench/aggregate_duckdb.py'), join(outputDir, FOLDERS.raw), String(start), String(end), '0.2', '02'],
    { maxBuffer: 1 << 26 },
  );
  const printed = JSON.parse(stdout) as { seconds: number; metrics: Metrics };
  return { seconds: (performance.now() - started) / 1000, querySeconds: printed.seconds, metrics: printed.metrics };
}

/** Throws unless both engines produced the same metrics, every one. */
export function sameMetrics(what: string, spark: Metrics, duck: Metrics): void {
  const keys = new Set([...Object.keys(spark), ...Object.keys(duck)]);
  const differing = [...keys].filter((key) => spark[key] !== duck[key]);
  if (keys.size === 0 || differing.length > 0)
    throw new Error(
      `${what}: Spark and DuckDB disagree on ${differing.slice(0, 5).join(', ') || 'everything (no metrics)'}`,
    );
}
