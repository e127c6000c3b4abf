// Spark benchmark: the aggregation on the compose cluster for 200 NEOs and at catalogue scale (>= 40,000
// NEOs, >= 4 million approach rows), DuckDB on the same files in the same run (every metric cross-checked),
// and partition pruning: range 1..20 when only its partition exists against when 100 partitions exist.
// Data goes to output/bench/ (inside the folder the default cluster mounts) and is kept: the ingest
// resumes, so a second run of the benchmark does not fetch the catalogue again.
// Run alone: `npx tsx bench/spark.ts [largeNeos]`.
import { execFile } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureClusterUp } from '../spark-job/cluster/cluster-up.ts';
import { resolveSubmitConfig } from '../spark-job/config.ts';
import { startStandinProcess } from './processes.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, 'output', 'bench');
const BATCH_SIZE = 20;
const PARTITION_SIZE = 20;
// A fixed stand-in address: the ingest's manifest records the API URL, and the kept data resumes only
// from the same one.
const STANDIN_PORT = 47822;
const run = promisify(execFile);

export interface SparkBenchResult {
  readonly small_neos: number;
  readonly large_neos: number;
  readonly large_approach_rows: number;
  readonly partitions: number;
  readonly ingest_large_s: number;
  readonly spark_small_s: number;
  readonly duckdb_small_s: number;
  readonly spark_large_s: number;
  readonly duckdb_large_s: number;
  /** Spark wall / DuckDB wall at catalogue scale (both as a user runs them, start-up included). */
  readonly spark_duckdb_ratio: number;
  readonly pruning_one_partition_s: number;
  readonly pruning_all_partitions_s: number;
  /** range 1..20 with 100 partitions present / with only its own; target <= 1.2. */
  readonly pruning_ratio: number;
}

type Metrics = Record<string, number>;

const seconds = (since: number) => (performance.now() - since) / 1000;
const round = (value: number) => Math.round(value * 100) / 100;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function ingest(apiUrl: string, dir: string, neos: number): Promise<number> {
  const started = performance.now();
  await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'ingest/cli.ts',
      '--total',
      String(neos),
      '--rate',
      '1000',
      '--quiet',
      '--api-url',
      apiUrl,
      '--output-dir',
      dir,
    ],
    { cwd: ROOT, env: { ...process.env, NASA_API_KEY: 'BENCH_KEY' }, maxBuffer: 1 << 26 },
  );
  return seconds(started);
}

/** Submits to the compose cluster as a user does; returns wall seconds and the printed metrics. */
async function spark(dir: string, start: number, end: number): Promise<{ seconds: number; metrics: Metrics }> {
  const started = performance.now();
  const { stdout } = await run(
    join(ROOT, 'submit_spark_job.sh'),
    [String(start), String(end), '--output-dir', dir, '--quiet'],
    { cwd: ROOT, maxBuffer: 1 << 26 },
  );
  const metrics: Metrics = {};
  for (const [, metric, value] of stdout.matchAll(/^([a-z0-9_]+)\s+(\d+)$/gm))
    metrics[metric as string] = Number(value);
  return { seconds: seconds(started), metrics };
}

async function duckdb(dir: string, start: number, end: number): Promise<{ seconds: number; metrics: Metrics }> {
  const started = performance.now();
  const { stdout } = await run(
    join(ROOT, '.venv/bin/python'),
    [join(ROOT, 'bench/aggregate_duckdb.py'), join(dir, 'raw'), String(start), String(end), '0.2', '02'],
    { maxBuffer: 1 << 26 },
  );
  return { seconds: seconds(started), metrics: (JSON.parse(stdout) as { metrics: Metrics }).metrics };
}

function sameMetrics(what: string, a: Metrics, b: Metrics): void {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const differing = [...keys].filter((key) => a[key] !== b[key]);
  if (keys.size === 0 || differing.length > 0)
    throw new Error(
      `${what}: Spark and DuckDB disagree on ${differing.slice(0, 5).join(', ') || 'everything (no metrics)'}`,
    );
}

export async function benchSpark(opts: { largeNeos: number; smallNeos?: number }): Promise<SparkBenchResult> {
  const smallNeos = opts.smallNeos ?? 200;
  const batches = (neos: number) => Math.ceil(neos / BATCH_SIZE);
  const log = (line: string) => process.stderr.write(`[bench spark] ${line}\n`);
  const access = resolveSubmitConfig({ start: '1', end: '1', flags: {}, env: process.env, cwd: ROOT });
  await ensureClusterUp({ projectDir: ROOT, access, outputDir: join(ROOT, 'output'), log });

  const small = join(DATA, `neos-${smallNeos}`);
  const large = join(DATA, `neos-${opts.largeNeos}`);
  const api = await startStandinProcess(['--neos', String(opts.largeNeos), '--rate-limit', '100000000'], STANDIN_PORT);
  let ingestLarge: number;
  try {
    await ingest(api.url, small, smallNeos);
    log(`ingesting ${opts.largeNeos} NEOs (resumes what an earlier run left)`);
    ingestLarge = await ingest(api.url, large, opts.largeNeos);
  } finally {
    api.stop();
  }

  log('aggregating: Spark on the cluster and DuckDB, 200 NEOs and catalogue scale');
  const sparkSmall = await spark(small, 1, batches(smallNeos));
  const duckSmall = await duckdb(small, 1, batches(smallNeos));
  sameMetrics('200 NEOs', sparkSmall.metrics, duckSmall.metrics);
  const sparkLarge = await spark(large, 1, batches(opts.largeNeos));
  const duckLarge = await duckdb(large, 1, batches(opts.largeNeos));
  sameMetrics('catalogue scale', sparkLarge.metrics, duckLarge.metrics);

  // Pruning: the same range over a copy holding only partition 1-20, and over the whole catalogue.
  const onePartition = join(DATA, 'one-partition');
  await rm(onePartition, { recursive: true, force: true });
  await mkdir(join(onePartition, 'raw'), { recursive: true });
  await cp(
    join(large, 'raw', `batch-number=1-${PARTITION_SIZE}`),
    join(onePartition, 'raw', `batch-number=1-${PARTITION_SIZE}`),
    { recursive: true },
  );
  const one: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < 3; i++) {
    one.push((await spark(onePartition, 1, PARTITION_SIZE)).seconds);
    all.push((await spark(large, 1, PARTITION_SIZE)).seconds);
  }

  return {
    small_neos: smallNeos,
    large_neos: opts.largeNeos,
    large_approach_rows: sparkLarge.metrics.close_approaches_total ?? 0,
    partitions: Math.ceil(batches(opts.largeNeos) / PARTITION_SIZE),
    ingest_large_s: round(ingestLarge),
    spark_small_s: round(sparkSmall.seconds),
    duckdb_small_s: round(duckSmall.seconds),
    spark_large_s: round(sparkLarge.seconds),
    duckdb_large_s: round(duckLarge.seconds),
    spark_duckdb_ratio: round(sparkLarge.seconds / duckLarge.seconds),
    pruning_one_partition_s: round(median(one)),
    pruning_all_partitions_s: round(median(all)),
    pruning_ratio: round(median(all) / median(one)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [largeNeos = '40000'] = process.argv.slice(2);
  console.log(JSON.stringify(await benchSpark({ largeNeos: Number(largeNeos) }), null, 2));
}
