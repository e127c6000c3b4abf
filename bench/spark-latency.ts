// Spark latency: what a job costs on the compose cluster beside its floor, all measured in one run, the
// measurements alternating so that load from other work on the machine falls on all of them alike.
//   floor: a trivial job (spark-job/job/smoke.sql over 1,000 numbers, result written as Parquet) submitted
//   as every job is, with the image's former JVM and Spark settings and with the current ones.
//   aggregate_10: the aggregation of batches 1..10 (the 200-NEO data), as the submit wrapper submits it.
//   aggregate_catalogue: the aggregation of the whole catalogue (bench/catalogue.ts, compacted by the ingest).
//   duckdb_10, duckdb_catalogue: bench/aggregate_duckdb.py on the same files, every metric checked against
//   Spark's.
// Medians of the wall times and of the driver's own phase timers (run_sql.py TIMING_JSON): session_s (JVM
// and SparkSession start), executors_s (the wait after that for the last executor to register, before
// which no task starts), query_s (the rest until every result is collected), write_s.
// Run alone: `npx tsx bench/spark-latency.ts [runs] [catalogueNeos]`.
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureClusterUp } from '../spark-job/cluster/cluster-up.ts';
import { CONTAINER_OUTPUT_DIR, CONTAINER_SPARK_JOB_DIR, MASTER_URL } from '../spark-job/cluster/cluster-target.ts';
import { resolveSubmitConfig } from '../spark-job/config.ts';
import { batchesOf, ensureCatalogue } from './catalogue.ts';
import {
  type AggregateRun,
  type JobRun,
  aggregateDuckdb,
  aggregateOnCluster,
  median,
  parseTiming,
  phaseMedians,
  round,
  sameMetrics,
  submitAsUser,
} from './spark-aggregate.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const SMALL_NEOS = 200; // batches 1..10 at the ingest's 20 NEOs per batch

/** The image's settings before docker/ was tuned for start-up, expressed as overrides on today's image. */
const FORMER_CONF = [
  'spark.driver.extraJavaOptions=-Duser.timezone=UTC',
  'spark.executor.extraJavaOptions=-Duser.timezone=UTC',
  'spark.driver.extraClassPath=',
  'spark.executor.extraClassPath=',
];
/** The launcher JVM of spark-submit reads its options from the environment, not from --conf. */
const FORMER_ENV = ['SPARK_LAUNCHER_OPTS='];

/** One trivial job through `docker exec <cluster>-spark-submit spark-submit`, as the submit wrapper runs it. */
async function trivialJob(submitContainer: string, conf: readonly string[], env: readonly string[]): Promise<JobRun> {
  const job = join(CONTAINER_SPARK_JOB_DIR, 'job');
  const started = performance.now();
  const { stdout } = await run(
    'docker',
    [
      'exec',
      ...env.flatMap((setting) => ['-e', setting]),
      submitContainer,
      'spark-submit',
      '--master',
      MASTER_URL,
      ...conf.flatMap((setting) => ['--conf', setting]),
      join(job, 'run_sql.py'),
      '--params',
      JSON.stringify({ rows: 1000 }),
      '--result',
      `${join(job, 'smoke.sql')}=${join(CONTAINER_OUTPUT_DIR, 'bench', 'latency-floor')}`,
      '--app-name',
      `bench-floor-${Date.now()}`,
    ],
    { maxBuffer: 1 << 24 },
  );
  return { wall_s: (performance.now() - started) / 1000, timing: parseTiming(stdout, 'the trivial job') };
}

const wall = (runs: readonly JobRun[]) => median(runs.map((r) => r.wall_s));

/** Wall median, each run's wall in order, and phase medians: `<name>_s`, `<name>_runs_s`, `<name>_<phase>`. */
const figuresOf = (name: string, runs: readonly JobRun[]) => ({
  [`${name}_s`]: round(wall(runs)),
  [`${name}_runs_s`]: runs.map((r) => round(r.wall_s)).join(' / '),
  ...phaseMedians(`${name}_`, runs),
});

async function fileCount(rawDir: string): Promise<number> {
  const entries = await readdir(rawDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.parquet')).length;
}

/**
 * Targets (run.ts): floor_ratio = floor_s / floor_before_s <= 0.5; aggregate_10_ratio = aggregate_10_s /
 * floor_s <= 1.25; aggregate_catalogue_ratio = aggregate_catalogue_s / floor_s <= 1.5; stages_10 <= 4.
 */
export async function benchSparkLatency(opts: {
  runs: number;
  catalogueNeos: number;
}): Promise<Record<string, number | string>> {
  const log = (line: string) => process.stderr.write(`[bench spark_latency] ${line}\n`);
  const catalogue = await ensureCatalogue({ largeNeos: opts.catalogueNeos, smallNeos: SMALL_NEOS, log });
  const access = resolveSubmitConfig({ start: '1', end: '1', flags: {}, env: process.env, cwd: ROOT });
  await ensureClusterUp({ projectDir: ROOT, access, outputDir: join(ROOT, 'output'), log });
  const submitContainer = `${access.cluster}-spark-submit`;
  const end = batchesOf(opts.catalogueNeos);
  const before: JobRun[] = [];
  const floor: JobRun[] = [];
  const small: AggregateRun[] = [];
  const large: AggregateRun[] = [];
  const submits: Awaited<ReturnType<typeof submitAsUser>>[] = [];
  for (let i = 1; i <= opts.runs; i++) {
    log(`run ${i} of ${opts.runs}: trivial job (former, current settings), aggregation 1..10, submit 1..10, 1..${end}`);
    before.push(await trivialJob(submitContainer, FORMER_CONF, FORMER_ENV));
    floor.push(await trivialJob(submitContainer, [], []));
    small.push(await aggregateOnCluster(catalogue.small, 1, batchesOf(SMALL_NEOS)));
    // Before the catalogue's job, whose large event log the history server then reads for seconds.
    submits.push(await submitAsUser(catalogue.small, 1, batchesOf(SMALL_NEOS)));
    large.push(await aggregateOnCluster(catalogue.large, 1, end));
  }
  log('DuckDB on the same files');
  const duckSmall = await aggregateDuckdb(catalogue.small, 1, batchesOf(SMALL_NEOS));
  const duckLarge = await aggregateDuckdb(catalogue.large, 1, end);
  for (const r of small) sameMetrics('batches 1..10', r.metrics, duckSmall.metrics);
  for (const r of large) sameMetrics('catalogue', r.metrics, duckLarge.metrics);
  for (const r of submits) sameMetrics('submit 1..10', r.metrics, duckSmall.metrics);
  const floorS = wall(floor);
  return {
    runs: opts.runs,
    ...figuresOf('floor_before', before),
    ...figuresOf('floor', floor),
    floor_ratio: round(floorS / wall(before)),
    ...figuresOf('aggregate_10', small),
    aggregate_10_ratio: round(wall(small) / floorS),
    stages_10: Math.max(...small.map((r) => r.stages)),
    ...figuresOf('aggregate_catalogue', large),
    aggregate_catalogue_ratio: round(wall(large) / floorS),
    stages_catalogue: Math.max(...large.map((r) => r.stages)),
    submit_10_s: round(median(submits.map((r) => r.seconds))),
    submit_10_runs_s: submits.map((r) => round(r.seconds)).join(' / '),
    catalogue_neos: opts.catalogueNeos,
    catalogue_approach_rows: large[0]?.metrics.close_approaches_total ?? 0,
    catalogue_parquet_files: await fileCount(join(catalogue.large, 'raw')),
    catalogue_ingest_s: round(catalogue.ingestLargeS),
    duckdb_10_s: round(duckSmall.seconds),
    duckdb_10_query_s: round(duckSmall.querySeconds),
    duckdb_catalogue_s: round(duckLarge.seconds),
    duckdb_catalogue_query_s: round(duckLarge.querySeconds),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [runs = '3', catalogueNeos = '40000'] = process.argv.slice(2);
  console.log(
    JSON.stringify(await benchSparkLatency({ runs: Number(runs), catalogueNeos: Number(catalogueNeos) }), null, 2),
  );
}
