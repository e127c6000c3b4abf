// The ingest command's configuration, in one typed place. Precedence: defaults < .env < environment <
// command-line flags. Everything is validated here, before anything is written, so bad input fails fast
// with a message that says what is wrong and what to do.
//
// The API key is read only from NASA_API_KEY (environment or .env), never from a flag: a flag would
// show in `ps` and shell history. No message built here ever contains the key.
import { resolve } from 'node:path';
import { z } from 'zod';
import { LAYOUT_DEFAULTS, batchCount } from '../core/layout.ts';
import { UsageError } from '../core/errors.ts';
import { checkOutputDir, readDotenv, recordedParams } from './config-disk.ts';
import type { CliFlags, ConfigSources, IngestConfig, KeySource } from './types.ts';

export const MAX_BATCH_SIZE = 20;
export const DEMO_KEY = 'DEMO_KEY';

/** Every default of the ingest, the fetch stage's included: the client takes its settings from here. */
export const DEFAULTS = {
  total: 200,
  batchSize: LAYOUT_DEFAULTS.batchSize,
  partitionSize: LAYOUT_DEFAULTS.partitionSize,
  outputDir: LAYOUT_DEFAULTS.outputDir,
  rate: 2,
  apiUrl: 'https://api.nasa.gov',
  apiKey: DEMO_KEY,
  onQuota: 'stop',
  logFormat: 'text',
  maxRetries: 5,
  retryBaseMs: 1000,
  /** Cap on any one backoff delay; not a flag. */
  maxRetryDelayMs: 15 * 60_000,
  timeoutMs: 30_000,
  quotaWindowMs: 3_600_000,
  /** A refresh's verification passes at most, before it says the catalogue moves too fast (exit 8). */
  refreshPasses: 5,
  /**
   * Full partition folders of at least this many batches are compacted into one file at the end of a run
   * (not a flag): merging a handful of files saves Spark little and rewrites the partition all the same.
   */
  compactMinBatches: 10,
} as const;

/** A 429 backs off this many times longer than a 5xx: the gateway's quota refills slowly. */
export const RATE_LIMITED_BACKOFF_FACTOR = 60;

export const ENV = { apiKey: 'NASA_API_KEY', apiUrl: 'NASA_API_BASE_URL' } as const;

const wholeNumber = (flag: string, min: number, max: number, hint: string) =>
  z
    .string()
    .trim()
    .regex(/^[+-]?\d+$/, `${flag} must be a whole number; ${hint}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${flag} must be at least ${min}; ${hint}`)
        .max(max, `${flag} must be at most ${max}; ${hint}`),
    );

const positiveNumber = (flag: string, max: number, hint: string) =>
  z
    .string()
    .trim()
    .regex(/^[+-]?(\d+\.?\d*|\.\d+)$/, `${flag} must be a number; ${hint}`)
    .transform(Number)
    .pipe(
      z.number().gt(0, `${flag} must be greater than 0; ${hint}`).max(max, `${flag} must be at most ${max}; ${hint}`),
    );

const FlagsSchema = z.object({
  total: wholeNumber('--total', 1, 10_000_000, 'give how many NEOs to fetch, e.g. --total 200'),
  batchSize: wholeNumber(
    '--batch-size',
    1,
    MAX_BATCH_SIZE,
    `the API serves 1 to ${MAX_BATCH_SIZE} NEOs per page, e.g. --batch-size 20`,
  ),
  partitionSize: wholeNumber(
    '--partition-size',
    1,
    100_000,
    'give batches per partition folder, e.g. --partition-size 20',
  ),
  outputDir: z.string().trim().min(1, '--output-dir must not be empty; e.g. --output-dir ./output'),
  backfill: z
    .array(z.string())
    .length(2, '--backfill takes two batch numbers, start and end; e.g. --backfill 3 5')
    .pipe(
      z.tuple([
        wholeNumber('--backfill start', 1, 10_000_000, 'batches are numbered from 1; e.g. --backfill 3 5'),
        wholeNumber('--backfill end', 1, 10_000_000, 'batches are numbered from 1; e.g. --backfill 3 5'),
      ]),
    )
    .nullable(),
  rate: positiveNumber('--rate', 1000, 'give requests per second, e.g. --rate 2 (or --rate 0.5 for one every 2 s)'),
  apiUrl: z
    .url({ protocol: /^https?$/, error: 'the API base URL must be an http(s) URL, e.g. https://api.nasa.gov' })
    .refine((u) => !/[?&]api_key=/i.test(u), 'the API base URL must not carry api_key; set NASA_API_KEY instead')
    .transform((u) => u.replace(/\/+$/, '')),
  apiKey: z
    .string()
    .regex(
      /^[\w.-]{6,128}$/,
      `${ENV.apiKey} does not look like an API key (6 to 128 letters, digits, '_', '-' or '.'); ` +
        `check its value, or unset it to use ${DEMO_KEY}`,
    ),
  onQuota: z.enum(['wait', 'stop'], '--on-quota must be wait or stop'),
  fromLanding: z.boolean(),
  refresh: z.boolean(),
  refreshPasses: wholeNumber('--refresh-passes', 1, 1000, 'give verification passes, e.g. --refresh-passes 5'),
  waitLock: z.boolean(),
  quiet: z.boolean(),
  logFormat: z.enum(['text', 'json'], '--log-format must be text or json'),
  maxRetries: wholeNumber('--max-retries', 0, 100, 'give retries per request, e.g. --max-retries 4'),
  retryBaseMs: wholeNumber(
    '--retry-base-ms',
    0,
    3_600_000,
    'give the first retry delay in ms, e.g. --retry-base-ms 1000',
  ),
  timeoutMs: wholeNumber('--timeout-ms', 1, 3_600_000, 'give the per-request timeout in ms, e.g. --timeout-ms 30000'),
  quotaWindowMs: wholeNumber(
    '--quota-window-ms',
    1,
    7 * 86_400_000,
    'give the quota window in ms, e.g. --quota-window-ms 3600000',
  ),
});

/**
 * Merges the sources by precedence and validates. Throws UsageError listing every problem. The output
 * dir's recorded parameters sit between the defaults and the flags: a later run into it means the same range.
 */
export function resolveConfig({ flags, env, dotenv, cwd, recorded = {} }: ConfigSources): IngestConfig {
  const fromEnv = (name: string): string | undefined => env[name] ?? dotenv[name];
  const envKey = env[ENV.apiKey];
  const dotenvKey = dotenv[ENV.apiKey];
  const keySource: KeySource = envKey !== undefined ? 'environment' : dotenvKey !== undefined ? '.env' : 'default';

  const parsed = FlagsSchema.safeParse({
    total: flags.total ?? String(recorded.total ?? DEFAULTS.total),
    batchSize: flags.batchSize ?? String(recorded.batchSize ?? DEFAULTS.batchSize),
    partitionSize: flags.partitionSize ?? String(recorded.partitionSize ?? DEFAULTS.partitionSize),
    outputDir: flags.outputDir ?? DEFAULTS.outputDir,
    backfill: flags.backfill ?? null,
    rate: flags.rate ?? String(DEFAULTS.rate),
    apiUrl: flags.apiUrl ?? fromEnv(ENV.apiUrl) ?? DEFAULTS.apiUrl,
    apiKey: envKey ?? dotenvKey ?? DEFAULTS.apiKey,
    onQuota: flags.onQuota ?? DEFAULTS.onQuota,
    fromLanding: flags.fromLanding ?? false,
    refresh: flags.refresh ?? false,
    refreshPasses: flags.refreshPasses ?? String(DEFAULTS.refreshPasses),
    waitLock: flags.waitLock ?? false,
    quiet: flags.quiet ?? false,
    logFormat: flags.logFormat ?? DEFAULTS.logFormat,
    maxRetries: flags.maxRetries ?? String(DEFAULTS.maxRetries),
    retryBaseMs: flags.retryBaseMs ?? String(DEFAULTS.retryBaseMs),
    timeoutMs: flags.timeoutMs ?? String(DEFAULTS.timeoutMs),
    quotaWindowMs: flags.quotaWindowMs ?? String(DEFAULTS.quotaWindowMs),
  });
  // Issue messages are ours (the schema's), never zod's echo of the input, so the key cannot leak.
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('\n'));
  const { backfill, ...rest } = parsed.data;

  const problems: string[] = [];
  if (rest.refresh && (backfill !== null || rest.fromLanding)) {
    problems.push('--refresh re-fetches the whole range: give it without --backfill and --from-landing');
  }
  if (backfill !== null) {
    const [start, end] = backfill;
    const batches = batchCount(rest);
    if (start > end) {
      problems.push(
        `--backfill start (${start}) is after its end (${end}); ` +
          `give the lower batch first, e.g. --backfill ${end} ${start}`,
      );
    }
    if (end > batches) {
      problems.push(
        `--backfill end (${end}) is beyond the last batch (${batches}) of --total ${rest.total} ` +
          `at --batch-size ${rest.batchSize}; lower it or raise --total`,
      );
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));

  return {
    ...rest,
    outputDir: resolve(cwd, rest.outputDir),
    backfill: backfill === null ? null : { start: backfill[0], end: backfill[1] },
    keySource,
  };
}

/** The whole start-up: .env from cwd, the output dir's recorded parameters, precedence merge, validation. */
export async function loadConfig(
  flags: CliFlags,
  { env, cwd }: { env: Readonly<Record<string, string | undefined>>; cwd: string },
): Promise<IngestConfig> {
  const dotenv = await readDotenv(cwd);
  const outputDir = resolve(cwd, flags.outputDir ?? DEFAULTS.outputDir);
  const config = resolveConfig({ flags, env, dotenv, cwd, recorded: await recordedParams(outputDir) });
  await checkOutputDir(config.outputDir);
  return config;
}
