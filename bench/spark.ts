// Spark benchmark: the aggregation on the compose cluster for 200 NEOs and at catalogue scale (>= 40,000
// NEOs, >= 4 million approach rows), DuckDB on the same files in the same run (every metric cross-checked),
// and partition pruning: range 1..20 when only its partition exists against when 100 partitions exist.
// Data: bench/catalogue.ts (output/bench/, kept; the ingest resumes, so a second run fetches nothing again).
// Run alone: `npx tsx bench/spark.ts [largeNeos]`.
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureClusterUp } from '../spark-job/cluster/cluster-up.ts';
import { resolveSubmitConfig } from '../spark-job/config.ts';
import { DATA, PARTITION_SIZE, batchesOf, ensureCatalogue } from './catalogue.ts';
import { aggregateDuckdb, median, round, sameMetrics, submitAsUser } from './spark-aggregate.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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

export async function benchSpark(opts: { largeNeos: number; smallNeos?: number }): Promise<SparkBenchResult> {
  const smallNeos = opts.smallNeos ?? 200;
  const batches = batchesOf;
  const log = (line: string) => process.stderr.write(`[bench spark] ${line}\n`);
  const access = resolveSubmitConfig({ start: '1', end: '1', flags: {}, env: process.env, cwd: ROOT });
  await ensureClusterUp({ projectDir: ROOT, access, outputDir: join(ROOT, 'output'), log });

  const catalogue = await ensureCatalogue({ largeNeos: opts.largeNeos, smallNeos, log });
  const { small, large } = catalogue;

  log('aggregating: Spark on the cluster and DuckDB, 200 NEOs and catalogue scale');
  const sparkSmall = await submitAsUser(small, 1, batches(smallNeos));
  const duckSmall = await aggregateDuckdb(small, 1, batches(smallNeos));
  sameMetrics('200 NEOs', sparkSmall.metrics, duckSmall.metrics);
  const sparkLarge = await submitAsUser(large, 1, batches(opts.largeNeos));
  const duckLarge = await aggregateDuckdb(large, 1, batches(opts.largeNeos));
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
    one.push((await submitAsUser(onePartition, 1, PARTITION_SIZE)).seconds);
    all.push((await submitAsUser(large, 1, PARTITION_SIZE)).seconds);
  }

  return {
    small_neos: smallNeos,
    large_neos: opts.largeNeos,
    large_approach_rows: sparkLarge.metrics.close_approaches_total ?? 0,
    partitions: Math.ceil(batches(opts.largeNeos) / PARTITION_SIZE),
    ingest_large_s: round(catalogue.ingestLargeS),
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
