// The submit command's configuration, validated in one place before anything runs: a bad range or
// threshold is a UsageError (exit 2) and nothing is submitted. Precedence: defaults < environment (the
// same knobs docker-compose-cluster.yml reads) < flags.
import { resolve } from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_THRESHOLD_AU,
  MAX_THRESHOLD_AU,
  MAX_THRESHOLD_DECIMALS,
  thresholdLabel,
} from './report/metric-names.ts';
import { UsageError } from '../core/errors.ts';
import { type BatchRange, LAYOUT_DEFAULTS } from '../core/layout.ts';

export const DEFAULTS = {
  outputDir: LAYOUT_DEFAULTS.outputDir,
  cluster: 'neo',
  image: 'neo-spark:latest',
  progressMs: 1000,
  /** How long a submit waits for an ALIVE worker on a cluster that is up but still starting. */
  clusterWaitS: 30,
} as const;

export const ENV = {
  outputDir: 'NEO_OUTPUT_DIR',
  cluster: 'NEO_CLUSTER',
  image: 'NEO_SPARK_IMAGE',
  /** The compose file publishes the master UI on this host port; unset, it is read from the container. */
  masterUiPort: 'SPARK_MASTER_UI_PORT',
  /** The compose file publishes the history server on this host port; unset, it is read from the container. */
  historyUiPort: 'SPARK_HISTORY_UI_PORT',
  clusterWait: 'NEO_CLUSTER_WAIT_S',
} as const;

/** Highest batch number accepted; far beyond the catalogue (about 2,000 pages of 20). */
export const MAX_BATCH = 10_000_000;

export type RunMode = 'cluster' | 'local';

export interface SubmitConfig {
  readonly range: BatchRange;
  readonly threshold: number;
  /** The threshold as metric names spell it (0.2 -> 02). */
  readonly thresholdLabel: string;
  /** Absolute host path of the data folder (raw/, manifest.json, aggregations/). */
  readonly outputDir: string;
  readonly mode: RunMode;
  /** Container-name prefix of the compose cluster (`<cluster>-spark-submit`). */
  readonly cluster: string;
  /** Image for --local. */
  readonly image: string;
  /** Extra `--conf key=value` for spark-submit. */
  readonly sparkConf: readonly string[];
  readonly quiet: boolean;
  readonly progressMs: number;
  /** Host port of the master UI when set in the environment; null: the port its container publishes. */
  readonly masterUiPort: number | null;
  /** Host port of the Spark History Server when set in the environment; null: the one its container publishes. */
  readonly historyUiPort: number | null;
  /** Print every metric on stdout, not only the summary. */
  readonly table: boolean;
  /** Wait for another process holding the folder's aggregation lock instead of exiting 9. */
  readonly waitLock: boolean;
  /** Bound on waiting for ALIVE workers before giving up with exit 11. */
  readonly clusterWaitMs: number;
}

/** What the cluster code needs: which cluster, where its master UI is, how long to wait for it. */
export type ClusterAccess = Pick<SubmitConfig, 'cluster' | 'masterUiPort' | 'historyUiPort' | 'clusterWaitMs'>;

/** Flags as commander hands them over: strings as typed, booleans for switches. */
export interface SubmitFlags {
  threshold?: string;
  outputDir?: string;
  local?: boolean;
  cluster?: string;
  image?: string;
  conf?: string[];
  quiet?: boolean;
  progressMs?: string;
  clusterWait?: string;
  table?: boolean;
  waitLock?: boolean;
}

const shown = (input: unknown) => JSON.stringify(input);

const batchNumber = (which: 'start' | 'end') =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, {
      error: (issue) => `${which} must be a whole batch number of 1 or more, got ${shown(issue.input)}`,
    })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, `${which} must be 1 or more: batches are numbered from 1`)
        .max(MAX_BATCH, `${which} must be at most ${MAX_BATCH}`),
    );

const hostPort = (variable: string) =>
  z
    .string()
    .regex(/^\d+$/, `${variable} must be a port number`)
    .transform(Number)
    .pipe(z.number().min(1).max(65_535, `${variable} must be a port number, 1 to 65535`))
    .nullable();

const ConfigSchema = z.object({
  range: z.object({ start: batchNumber('start'), end: batchNumber('end') }).refine(({ start, end }) => start <= end, {
    // Compared only once both are valid numbers.
    when: (payload) => payload.issues.length === 0,
    error: (issue) => {
      const { start, end } = issue.input as BatchRange;
      return `start (${start}) is after end (${end}); give the lower batch first, e.g. ${end} ${start}`;
    },
  }),
  threshold: z
    .string()
    .trim()
    .regex(/^(\d+\.?\d*|\.\d+)$/, {
      error: (issue) => `--threshold must be a distance in AU such as 0.2, got ${shown(issue.input)}`,
    })
    .transform(Number)
    .pipe(
      z
        .number()
        .gt(0, '--threshold must be more than 0 AU')
        .lt(MAX_THRESHOLD_AU, `--threshold must be less than ${MAX_THRESHOLD_AU} AU`)
        .refine(
          (au) => Number(au.toFixed(MAX_THRESHOLD_DECIMALS)) === au,
          `--threshold may have at most ${MAX_THRESHOLD_DECIMALS} decimals`,
        ),
    ),
  outputDir: z.string().trim().min(1, '--output-dir must not be empty'),
  cluster: z
    .string()
    .regex(
      /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/,
      '--cluster must be a container-name prefix such as neo (letters, digits, _ . -)',
    ),
  image: z.string().trim().min(1, '--image must not be empty'),
  sparkConf: z.array(
    z.string().regex(/^spark\.[\w.-]+=.*$/, {
      error: (issue) => `--conf takes key=value with a spark.* key, got ${shown(issue.input)}`,
    }),
  ),
  progressMs: z
    .string()
    .regex(/^\d+$/, '--progress-ms must be a whole number of milliseconds')
    .transform(Number)
    .pipe(z.number().min(100, '--progress-ms must be at least 100')),
  masterUiPort: hostPort(ENV.masterUiPort),
  historyUiPort: hostPort(ENV.historyUiPort),
  clusterWaitS: z
    .string()
    .regex(/^\d+$/, '--cluster-wait must be a whole number of seconds')
    .transform(Number)
    .pipe(z.number().min(1, '--cluster-wait must be at least 1 s')),
});

export interface ConfigSources {
  readonly start: string;
  readonly end: string;
  readonly flags: SubmitFlags;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** The Spark image: $NEO_SPARK_IMAGE, else the default, as docker-compose-cluster.yml chooses it. */
export const sparkImage = (env: ConfigSources['env']): string => env[ENV.image] ?? DEFAULTS.image;

/** Merges and validates; throws UsageError listing every problem. */
export function resolveSubmitConfig({ start, end, flags, env, cwd }: ConfigSources): SubmitConfig {
  const parsed = ConfigSchema.safeParse({
    range: { start, end },
    threshold: flags.threshold ?? String(DEFAULT_THRESHOLD_AU),
    outputDir: flags.outputDir ?? env[ENV.outputDir] ?? DEFAULTS.outputDir,
    cluster: flags.cluster ?? env[ENV.cluster] ?? DEFAULTS.cluster,
    image: flags.image ?? sparkImage(env),
    sparkConf: flags.conf ?? [],
    progressMs: flags.progressMs ?? String(DEFAULTS.progressMs),
    masterUiPort: env[ENV.masterUiPort] ?? null,
    historyUiPort: env[ENV.historyUiPort] ?? null,
    clusterWaitS: flags.clusterWait ?? env[ENV.clusterWait] ?? String(DEFAULTS.clusterWaitS),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('\n'));
  const { clusterWaitS, ...config } = parsed.data;
  return {
    ...config,
    clusterWaitMs: clusterWaitS * 1000,
    thresholdLabel: thresholdLabel(config.threshold),
    outputDir: resolve(cwd, config.outputDir),
    mode: flags.local === true ? 'local' : 'cluster',
    quiet: flags.quiet ?? false,
    table: flags.table ?? false,
    waitLock: flags.waitLock ?? false,
  };
}
