// Spark latency: what a job costs on the compose cluster before and beside its data. One function per
// measurement, each returning its own figures for the `spark_latency` section of bench/results/latest.json.
//   floor: a trivial job (spark-job/job/smoke.sql over 1,000 numbers, result written as Parquet) submitted
//   as every job is, with the image's former JVM and Spark settings and with the current ones, alternating
//   in the same run; medians of the wall time and of the driver's own phase timers (run_sql.py TIMING_JSON).
// Run alone: `npx tsx bench/spark-latency.ts [runs]`.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureClusterUp } from '../spark-job/cluster/cluster-up.ts';
import { CONTAINER_OUTPUT_DIR, CONTAINER_SPARK_JOB_DIR, MASTER_URL } from '../spark-job/cluster/cluster-target.ts';
import { resolveSubmitConfig } from '../spark-job/config.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** The image's settings before docker/ was tuned for start-up, expressed as overrides on today's image. */
const FORMER_CONF = [
  'spark.driver.extraJavaOptions=-Duser.timezone=UTC',
  'spark.executor.extraJavaOptions=-Duser.timezone=UTC',
  'spark.driver.extraClassPath=',
  'spark.executor.extraClassPath=',
];
/** The launcher JVM of spark-submit reads its options from the environment, not from --conf. */
const FORMER_ENV = ['SPARK_LAUNCHER_OPTS='];

/** Driver-side phase timers printed by run_sql.py. */
interface Timing {
  readonly session_s: number;
  readonly executors_s: number;
  readonly query_s: number;
  readonly write_s: number;
}
const PHASES = ['session_s', 'executors_s', 'query_s', 'write_s'] as const;

interface JobRun {
  readonly wall_s: number;
  readonly timing: Timing;
}

const round = (value: number) => Math.round(value * 100) / 100;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

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
  const wall_s = (performance.now() - started) / 1000;
  const timing = /^TIMING_JSON (.*)$/m.exec(stdout)?.[1];
  if (timing === undefined) throw new Error(`the trivial job printed no TIMING_JSON line:\n${stdout}`);
  return { wall_s, timing: JSON.parse(timing) as Timing };
}

function summary(prefix: string, runs: readonly JobRun[]): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const phase of PHASES) figures[`${prefix}${phase}`] = round(median(runs.map((r) => r.timing[phase])));
  return figures;
}

/**
 * floor_before_s / floor_s: median wall seconds of the trivial job with the former and the current settings
 * (target: ratio <= 0.5), plus the median driver phases of each: session_s (JVM and SparkSession start,
 * executor wait excluded), executors_s (SparkContext start to the last executor registered), query_s, write_s.
 */
export async function measureFloor(submitContainer: string, runs: number): Promise<Record<string, number>> {
  const before: JobRun[] = [];
  const after: JobRun[] = [];
  // Alternating, so load from other work on the machine falls on both alike.
  for (let i = 0; i < runs; i++) {
    before.push(await trivialJob(submitContainer, FORMER_CONF, FORMER_ENV));
    after.push(await trivialJob(submitContainer, [], []));
  }
  const floorBefore = median(before.map((r) => r.wall_s));
  const floor = median(after.map((r) => r.wall_s));
  return {
    floor_before_s: round(floorBefore),
    floor_s: round(floor),
    floor_ratio: round(floor / floorBefore),
    floor_runs: runs,
    ...summary('floor_before_', before),
    ...summary('floor_', after),
  };
}

export async function benchSparkLatency(opts: { runs: number }): Promise<Record<string, number>> {
  const log = (line: string) => process.stderr.write(`[bench spark_latency] ${line}\n`);
  const access = resolveSubmitConfig({ start: '1', end: '1', flags: {}, env: process.env, cwd: ROOT });
  await ensureClusterUp({ projectDir: ROOT, access, outputDir: join(ROOT, 'output'), log });
  log(`trivial job, former and current settings alternating, ${opts.runs} runs each`);
  return { ...(await measureFloor(`${access.cluster}-spark-submit`, opts.runs)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [runs = '3'] = process.argv.slice(2);
  console.log(JSON.stringify(await benchSparkLatency({ runs: Number(runs) }), null, 2));
}
