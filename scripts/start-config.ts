// `npm start`'s own configuration, validated in one place before the cluster starts or anything is
// fetched (a bad value is exit 2). Its defaults are set here once; the ingest and the submit validate
// the values passed on to them (ingest/config.ts, spark-job/config.ts). Precedence: defaults < env < flags.
import { resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../core/errors.ts';
import type { CliFlags } from '../ingest/types.ts';
import { DEFAULTS as SUBMIT_DEFAULTS, ENV as SUBMIT_ENV, type SubmitFlags } from '../spark-job/config.ts';

export const START_DEFAULTS = {
  /** Fixed, so the manifest's API URL is the same on every offline run into one folder (0: any free port). */
  standinPort: 47821,
  /** The stand-in has no real quota to spare, so offline runs need not crawl at DEMO_KEY pace. */
  offlineRate: 20,
  /** Offline data lives apart from real data: the ingest refuses to mix API URLs in one folder. */
  offlineSubdir: 'offline',
  /** Starting the cluster takes about 11 s here, minutes on a loaded machine or a first start. */
  clusterWaitS: 180,
} as const;

/** Flags as commander hands them over: strings as typed, booleans for switches. */
export interface StartFlags {
  total?: string;
  offline?: boolean;
  threshold?: string;
  outputDir?: string;
  standinPort?: string;
  clusterWait?: string;
  refresh?: boolean;
  refreshPasses?: string;
  waitLock?: boolean;
  table?: boolean;
}

export interface StartConfig {
  /** Ingest from the stand-in started in this process instead of the real API. */
  readonly offline: boolean;
  /** --total as typed; the ingest's configuration validates it. */
  readonly total: string | undefined;
  /** The folder the cluster mounts (NEO_OUTPUT_DIR). */
  readonly clusterDir: string;
  /** Where this run's data goes: clusterDir, or its offline subfolder. */
  readonly dataDir: string;
  readonly standinPort: number;
  readonly offlineRate: number;
  /** Passed on to the ingest's configuration, which validates them. */
  readonly ingestFlags: Pick<CliFlags, 'refresh' | 'refreshPasses' | 'waitLock'>;
  /** Passed on to the submit's configuration, which validates them. */
  readonly submitFlags: SubmitFlags;
}

const StartSchema = z.object({
  outputDir: z.string().trim().min(1, '--output-dir must not be empty'),
  standinPort: z
    .string()
    .regex(/^\d+$/, '--standin-port must be a port number, 0 to 65535')
    .transform(Number)
    .pipe(z.number().max(65_535, '--standin-port must be a port number, 0 to 65535')),
});

export interface StartSources {
  readonly flags: StartFlags;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Merges and validates; throws UsageError listing every problem. */
export function resolveStartConfig({ flags, env, cwd }: StartSources): StartConfig {
  const parsed = StartSchema.safeParse({
    outputDir: flags.outputDir ?? env[SUBMIT_ENV.outputDir] ?? SUBMIT_DEFAULTS.outputDir,
    standinPort: flags.standinPort ?? String(START_DEFAULTS.standinPort),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('\n'));
  const offline = flags.offline === true;
  const clusterDir = resolve(cwd, parsed.data.outputDir);
  const dataDir = offline ? resolve(clusterDir, START_DEFAULTS.offlineSubdir) : clusterDir;
  const clusterWait = flags.clusterWait ?? env[SUBMIT_ENV.clusterWait] ?? String(START_DEFAULTS.clusterWaitS);
  return {
    offline,
    total: flags.total,
    clusterDir,
    dataDir,
    standinPort: parsed.data.standinPort,
    offlineRate: START_DEFAULTS.offlineRate,
    ingestFlags: { refresh: flags.refresh, refreshPasses: flags.refreshPasses, waitLock: flags.waitLock },
    // One --wait-lock for both: the ingest's lock and, after it, the aggregation's.
    submitFlags: {
      threshold: flags.threshold,
      outputDir: dataDir,
      clusterWait,
      table: flags.table,
      waitLock: flags.waitLock,
    },
  };
}
