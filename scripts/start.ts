// `npm start -- [options]`: the whole pipeline in one command. Spark cluster up (if it is not), ingest
// batches 1..N from the NASA API (or, with --offline, from the stand-in started in this process), then
// aggregate those batches on the cluster, write the report and print a summary and where to look.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { DEFAULTS as INGEST_DEFAULTS, ENV as INGEST_ENV, loadConfig } from '../ingest/config.ts';
import { logLines } from '../ingest/report/log-lines.ts';
import { progressBar } from '../ingest/report/progress-bar.ts';
import { formatSummary } from '../ingest/report/summary-table.ts';
import { batchCount } from '../core/layout.ts';
import type { IngestConfig, IngestSummary, Outcome } from '../ingest/types.ts';
import { StandinApi } from '../standin/standin-api.ts';
import { WORKERS, ensureClusterUp } from '../spark-job/cluster/cluster-up.ts';
import { COMPOSE_FILE } from '../spark-job/cluster/compose.ts';
import { DEFAULTS as SUBMIT_DEFAULTS, ENV as SUBMIT_ENV, resolveSubmitConfig } from '../spark-job/config.ts';
import { EXIT, EXIT_CODE_HELP } from '../spark-job/exit-codes.ts';
import { DEFAULT_THRESHOLD_AU } from '../spark-job/report/metric-names.ts';
import { classifyError, preloadReportWriter, reportResult } from '../spark-job/report/report.ts';
import { submitAggregation } from '../spark-job/job/submit.ts';
import { HelpShown, UsageError } from '../core/errors.ts';
import { type CliIo, abortOnSignals, parseCommandLine, processIo } from '../core/cli-io.ts';
import { START_DEFAULTS, type StartFlags, resolveStartConfig } from './start-config.ts';

const ROOT = resolve(import.meta.dirname, '..');
/**
 * Ingest outcomes after which the data is there to aggregate. 'inconsistent' too: the aggregation counts
 * each NEO once (its copy fetched last), and the run still ends with the ingest's 7 saying to --refresh.
 */
const AGGREGATE_AFTER: readonly Outcome[] = ['ok', 'quarantined', 'batches-failed', 'inconsistent'];

function buildProgram(): Command {
  const { offlineSubdir } = START_DEFAULTS;
  return new Command('npm start --')
    .description(
      'Run the pipeline: Spark cluster up, ingest NEO batches 1..N, aggregate them with Spark SQL, write the ' +
        'report, print a summary.',
    )
    .option(
      '--total <n>',
      `NEOs to ingest; N = ceil(total / ${INGEST_DEFAULTS.batchSize}) batches (default: ${INGEST_DEFAULTS.total})`,
    )
    .option('--offline', 'ingest from the stand-in NASA API started in this process instead of the real API')
    .option('--threshold <au>', `miss distance in AU that counts as close (default: ${DEFAULT_THRESHOLD_AU})`)
    .option(
      '--output-dir <dir>',
      `folder the cluster mounts (default: $${SUBMIT_ENV.outputDir} or ${SUBMIT_DEFAULTS.outputDir}); ` +
        `--offline data goes to its ${offlineSubdir}/`,
    )
    .option(
      '--standin-port <n>',
      `--offline: the stand-in's port on 127.0.0.1 (default: ${START_DEFAULTS.standinPort})`,
    )
    .option(
      '--cluster-wait <s>',
      `seconds to wait for ${WORKERS} ALIVE workers ` +
        `(default: $${SUBMIT_ENV.clusterWait} or ${START_DEFAULTS.clusterWaitS})`,
    )
    .option('--refresh', "re-fetch the recorded range as one consistent snapshot (the ingest's --refresh)")
    .option(
      '--refresh-passes <n>',
      `--refresh: verification passes at most (default: ${INGEST_DEFAULTS.refreshPasses})`,
    )
    .option('--wait-lock', 'wait for another run holding the output dir instead of exiting 9 (ingest and submit)')
    .option('--table', 'also print every metric, as ./submit_spark_job.sh --table does')
    .addHelpText(
      'after',
      `
Steps: 1. the compose cluster (${SUBMIT_ENV.cluster}, default ${SUBMIT_DEFAULTS.cluster}) is started with
\`docker compose\` or \`docker-compose\` -f ${COMPOSE_FILE} up -d unless it is up; then waits, up to
--cluster-wait seconds, for ${WORKERS} ALIVE workers (exit 11 with a message when they do not come).
2. the ingest (as \`npm run ingest -- --total <n>\`; ${INGEST_ENV.apiKey} from the environment or .env).
3. the aggregation of batches 1..N (as \`./submit_spark_job.sh 1 N\`), unless the ingest stopped early,
then the report (reports/batches-1-N/report.html) and a short summary with its path and the UIs.

Exit codes: the ingest's when it stops the run (see \`npm run ingest -- --help\`; 9: another run
holds the output dir, named); else the submit's when it fails:
${EXIT_CODE_HELP}
else the ingest's 3 (records quarantined), 4 (some batches failed, the rest aggregated) or 7 (not one
snapshot of the catalogue: aggregated with each NEO counted once; run again with --refresh), else 0.

Examples:
  $ npm start                            200 NEOs from api.nasa.gov, 10 batches
  $ npm start -- --offline --total 400   stand-in API, 20 batches, into ./output/${offlineSubdir}
  $ npm start -- --refresh               re-fetch the recorded range as one snapshot, then aggregate
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
    throw new UsageError(
      `port ${port} on 127.0.0.1 is taken: give the stand-in another with --standin-port <n> ` +
        '(the same one each run into one folder)',
    );
  }
}

async function ingest(config: IngestConfig, { stderr, signal }: CliIo): Promise<IngestSummary> {
  const bar = stderr.isTTY ? progressBar(stderr) : null;
  const onEvent = bar?.onEvent ?? logLines({ format: 'text', quiet: false, write: (line) => stderr.write(line) });
  // Loaded only when needed, as the ingest's own CLI does: the Parquet and HTTP stacks are slow to load.
  const { runIngest } = await import('../ingest/run/run-ingest.ts');
  return runIngest(config, { onEvent, signal }).finally(() => bar?.stop());
}

async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const { stdout, stderr, env, cwd, signal } = io;
  const program = buildProgram();
  try {
    parseCommandLine(argv, program);
    const config = resolveStartConfig({ flags: program.opts<StartFlags>(), env, cwd });
    // Everything is validated before the cluster starts or anything is fetched.
    const access = resolveSubmitConfig({ start: '1', end: '1', flags: config.submitFlags, env, cwd });

    const standin = config.offline ? await startStandin(config.standinPort) : null;
    let ingestConfig: IngestConfig;
    let summary: IngestSummary;
    try {
      const offlineApi = standin === null ? {} : { apiUrl: standin.url, rate: String(config.offlineRate) };
      ingestConfig = await loadConfig(
        { total: config.total, outputDir: config.dataDir, ...offlineApi, ...config.ingestFlags },
        // The stand-in takes any key: the real one is not sent to it.
        { env: standin !== null ? { ...env, [INGEST_ENV.apiKey]: 'offline-standin' } : env, cwd },
      );
      const log = (line: string) => stderr.write(`${line}\n`);
      await ensureClusterUp({ projectDir: ROOT, access, outputDir: config.clusterDir, log });
      if (standin !== null) stderr.write(`offline: stand-in NASA API at ${standin.url}\n`);
      summary = await ingest(ingestConfig, io);
    } finally {
      await standin?.stop();
    }
    stdout.write(formatSummary(summary, 'text'));
    // A run the ingest stopped early (key, quota, interrupt, API out of reach) has said what to do.
    if (!AGGREGATE_AFTER.includes(summary.outcome) || summary.message !== null) return summary.exitCode;

    const end = String(batchCount(ingestConfig));
    const submitConfig = resolveSubmitConfig({ start: '1', end, flags: config.submitFlags, env, cwd });
    stdout.write('\n');
    const result = await submitAggregation(submitConfig, { stderr, signal, onSubmitted: preloadReportWriter });
    const code = await reportResult(result, submitConfig, { stdout, stderr });
    return code !== EXIT.ok ? code : summary.exitCode;
  } catch (error) {
    if (error instanceof HelpShown) return EXIT.ok;
    // A held output dir (the ingest's lock or the aggregation's) is the ingest's 9, its holder named.
    const known = classifyError(error);
    const unexpected = error instanceof Error ? (error.stack ?? error.message) : String(error);
    stderr.write(`error: ${known?.message ?? unexpected}\n`);
    return known?.code ?? EXIT.unexpected;
  }
}

process.exitCode = await main(process.argv.slice(2), processIo(abortOnSignals('stopping')));
