// `npm start -- [options]`: the whole pipeline in one command. Spark cluster up (if it is not), ingest
// batches 1..N from the NASA API (or, with --offline, from the stand-in started in this process), then
// aggregate those batches on the cluster and print the metrics and where to look.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { DEFAULTS as INGEST_DEFAULTS, ENV as INGEST_ENV, type IngestConfig, loadConfig } from '../ingest/config.ts';
import { parseArgs } from '../ingest/cli-program.ts';
import { logLines } from '../ingest/report/log-lines.ts';
import { progressBar } from '../ingest/report/progress-bar.ts';
import { formatSummary } from '../ingest/report/summary-table.ts';
import { batchCount } from '../core/layout.ts';
import type { IngestSummary, Outcome } from '../ingest/run/summary.ts';
import { StandinApi } from '../standin/standin-api.ts';
import { ensureClusterUp } from '../spark-job/cluster-up.ts';
import { DEFAULTS as SUBMIT_DEFAULTS, ENV as SUBMIT_ENV, resolveSubmitConfig } from '../spark-job/config.ts';
import { EXIT, EXIT_CODE_HELP } from '../spark-job/exit-codes.ts';
import { classifyError, reportResult } from '../spark-job/report.ts';
import { submitAggregation } from '../spark-job/submit.ts';
import { HelpShown, UsageError } from '../core/errors.ts';
import { abortOnSignals } from '../core/cli-io.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** Fixed, so the manifest's API URL is the same on every offline run into one folder (0: any free port). */
const DEFAULT_STANDIN_PORT = 47821;
/** The stand-in has no real quota to spare, so offline runs need not crawl at DEMO_KEY pace. */
const OFFLINE_RATE = '20';
/** Offline data lives apart from real data: the ingest refuses to mix API URLs in one folder. */
const OFFLINE_SUBDIR = 'offline';

/** Ingest outcomes after which the data is there to aggregate. */
const AGGREGATE_AFTER: readonly Outcome[] = ['ok', 'quarantined', 'batches-failed'];

interface StartFlags {
  total?: string;
  offline?: boolean;
  threshold?: string;
  outputDir?: string;
  standinPort?: string;
}

function buildProgram(): Command {
  return new Command('npm start --')
    .description('Run the pipeline: Spark cluster up, ingest NEO batches 1..N, aggregate them with Spark SQL, print the metrics.')
    .option('--total <n>', `NEOs to ingest; N = ceil(total / ${INGEST_DEFAULTS.batchSize}) batches (default: ${INGEST_DEFAULTS.total})`)
    .option('--offline', 'ingest from the stand-in NASA API started in this process instead of the real API')
    .option('--threshold <au>', 'miss distance in AU that counts as close (default: 0.2)')
    .option('--output-dir <dir>', `folder the cluster mounts (default: $${SUBMIT_ENV.outputDir} or ${SUBMIT_DEFAULTS.outputDir}); --offline data goes to its ${OFFLINE_SUBDIR}/`)
    .option('--standin-port <n>', `--offline: the stand-in's port on 127.0.0.1 (default: ${DEFAULT_STANDIN_PORT})`)
    .addHelpText(
      'after',
      `
Steps: 1. the compose cluster (${SUBMIT_ENV.cluster}, default neo) is started with \`docker compose\` or
\`docker-compose\` -f docker-compose-cluster.yml up -d unless it is up; waits for 2 ALIVE workers.
2. the ingest (as \`npm run ingest -- --total <n>\`; ${INGEST_ENV.apiKey} from the environment or .env).
3. the aggregation of batches 1..N (as \`./submit_spark_job.sh 1 N\`), unless the ingest stopped early.

Exit codes: the ingest's when it stops the run (see \`npm run ingest -- --help\`); else the
submit's when it fails:
${EXIT_CODE_HELP}
else the ingest's 3 (records quarantined) or 4 (some batches failed, the rest aggregated), else 0.

Examples:
  $ npm start                            200 NEOs from api.nasa.gov, 10 batches
  $ npm start -- --offline --total 400   stand-in API, 20 batches, into ./output/${OFFLINE_SUBDIR}
`,
    )
    .exitOverride()
    .configureOutput({ outputError: () => {} });
}

async function startStandin(port: number) {
  try {
    return await new StandinApi().withPort(port).start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new UsageError(`port ${port} on 127.0.0.1 is taken: give the stand-in another with --standin-port <n> (the same one each run into one folder)`);
  }
}

async function ingest(config: IngestConfig, signal: AbortSignal): Promise<IngestSummary> {
  const { stderr } = process;
  const bar = stderr.isTTY ? progressBar(stderr) : null;
  const onEvent = bar?.onEvent ?? logLines({ format: 'text', quiet: false, write: (line) => stderr.write(line) });
  // Loaded only when needed, as the ingest's own CLI does: the Parquet and HTTP stacks are slow to load.
  const { runIngest } = await import('../ingest/run/run-ingest.ts');
  return runIngest(config, { onEvent, signal }).finally(() => bar?.stop());
}

async function main(argv: readonly string[]): Promise<number> {
  const { stdout, stderr, env } = process;
  const cwd = process.cwd();
  const signal = abortOnSignals('stopping');
  const program = buildProgram();
  try {
    parseArgs(argv, program);
    const flags = program.opts<StartFlags>();
    const clusterDir = resolve(cwd, flags.outputDir ?? env[SUBMIT_ENV.outputDir] ?? SUBMIT_DEFAULTS.outputDir);
    const dataDir = flags.offline === true ? resolve(clusterDir, OFFLINE_SUBDIR) : clusterDir;
    const submitFlags = { threshold: flags.threshold, outputDir: dataDir };
    // Everything is validated before the cluster starts or anything is fetched.
    resolveSubmitConfig({ start: '1', end: '1', flags: submitFlags, env, cwd });

    const port = Number(flags.standinPort ?? DEFAULT_STANDIN_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--standin-port must be a port number, 0 to 65535');
    const standin = flags.offline === true ? await startStandin(port) : null;
    let ingestConfig: IngestConfig;
    let summary: IngestSummary;
    try {
      ingestConfig = await loadConfig(
        { total: flags.total, outputDir: dataDir, ...(standin !== null ? { apiUrl: standin.url, rate: OFFLINE_RATE } : {}) },
        // The stand-in takes any key: the real one is not sent to it.
        { env: standin !== null ? { ...env, [INGEST_ENV.apiKey]: 'offline-standin' } : env, cwd },
      );
      const cluster = env[SUBMIT_ENV.cluster] ?? SUBMIT_DEFAULTS.cluster;
      await ensureClusterUp({ projectDir: ROOT, cluster, outputDir: clusterDir, log: (line) => stderr.write(`${line}\n`) });
      if (standin !== null) stderr.write(`offline: stand-in NASA API at ${standin.url}\n`);
      summary = await ingest(ingestConfig, signal);
    } finally {
      await standin?.stop();
    }
    stdout.write(formatSummary(summary, 'text'));
    // A run the ingest stopped early (key, quota, interrupt, API out of reach) has said what to do.
    if (!AGGREGATE_AFTER.includes(summary.outcome) || summary.message !== null) return summary.exitCode;

    const submitConfig = resolveSubmitConfig({ start: '1', end: String(batchCount(ingestConfig)), flags: submitFlags, env, cwd });
    stdout.write('\n');
    const code = reportResult(await submitAggregation(submitConfig, { stderr, signal }), { stdout, stderr });
    return code !== EXIT.ok ? code : summary.exitCode;
  } catch (error) {
    if (error instanceof HelpShown) return EXIT.ok;
    const known = classifyError(error);
    stderr.write(`error: ${known?.message ?? (error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    return known?.code ?? EXIT.unexpected;
  }
}

process.exitCode = await main(process.argv.slice(2));
