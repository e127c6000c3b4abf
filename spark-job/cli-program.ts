// The submit command line: arguments, flags and help. Values stay strings here; config.ts validates them.
import { Command } from 'commander';
import { parseCommandLine } from '../core/cli-io.ts';
import { DEFAULTS, ENV, type SubmitFlags } from './config.ts';
import { EXIT_CODE_HELP } from './exit-codes.ts';
import {
  DEFAULT_THRESHOLD_AU,
  MAX_THRESHOLD_AU,
  MAX_THRESHOLD_DECIMALS,
  metricGlossary,
  thresholdLabel,
} from './report/metric-names.ts';

export const COMMAND_NAME = './submit_spark_job.sh';

const EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  [`${COMMAND_NAME} 1 10`, 'batches 1..10 on the cluster, threshold 0.2 AU'],
  [`${COMMAND_NAME} 5 12 --threshold 0.05`, 'metrics named ..._under_005_au...'],
  [`${COMMAND_NAME} 1 10 --local`, 'no cluster: Spark local[*] in one container'],
  [`${COMMAND_NAME} 1 10 --table`, 'also print every metric (about 3 per NEO) before the summary'],
  [`${COMMAND_NAME} 1 200 --output-dir /data/neo`, 'the cluster must have been started with that folder'],
  [`${COMMAND_NAME} 1 50 --conf spark.executor.memory=1g`, 'any Spark setting'],
  ['npm run submit -- 1 10', 'the same through npm'],
];

function examples(): string {
  const width = Math.max(...EXAMPLES.map(([command]) => command.length));
  return EXAMPLES.map(([command, meaning]) => `  $ ${command.padEnd(width)}  ${meaning}`).join('\n');
}

function metrics(): string {
  const glossary = metricGlossary(thresholdLabel(DEFAULT_THRESHOLD_AU));
  const width = Math.max(...glossary.map(([name]) => name.length));
  return glossary.map(([name, meaning]) => `  ${name.padEnd(width)}   ${meaning}`).join('\n');
}

const HELP_AFTER = `
Metrics (rows of metric STRING, value BIGINT), named here for the default threshold ${DEFAULT_THRESHOLD_AU}:
${metrics()}
The label is the threshold's shortest decimal form without the point: 0.2 -> 02, 0.05 -> 005,
1.5 -> 15. Thresholds are above 0 and below ${MAX_THRESHOLD_AU} AU with at most ${MAX_THRESHOLD_DECIMALS} decimals,
so labels never collide.

Input: <output-dir>/raw/batch-number=S-E/batch-NNNNNN.parquet as the ingest writes it. Only the
partition folders holding batches of the range are passed to Spark, and the SQL keeps only batch
numbers inside the range. Batches of the range never ingested are listed; the metrics cover the
rest. A range with no ingested batch at all is refused (exit 10).

Output: <output-dir>/aggregations/batches-<start>-<end>/part-*.parquet and _SUCCESS (and the
closest approaches and approaches per year and body beside it), then the HTML report
<output-dir>/reports/batches-<start>-<end>/report.html. A re-run replaces each folder in one atomic
swap once the new result is complete; a failed run leaves the previous result as it was. A symlink
below <output-dir> that leads outside it is refused (exit 2).
Printed on stdout: the coverage (batches present of requested, the missing ones), the headline
metrics, the result folders, the report's path, the master UI and, on the cluster, the finished
application's page on the Spark History Server (${ENV.historyUiPort}, default: the port its
container publishes). --table prints every metric before that.

One aggregation per <output-dir> at a time: it holds the folder's aggregation lock from listing
raw/ until its results are swapped in (an ingest --refresh switches its data under the same lock,
so a job reads the old data or the new, never a mix). Held by another process: exit 9 naming it,
or with --wait-lock wait for it.

Where it runs:
  default  the compose cluster: docker exec <cluster>-spark-submit spark-submit --master
           spark://spark-master:7077 ... Host ports and the data folder are read from the
           running containers; <output-dir> must be the folder the cluster was started with
           (NEO_OUTPUT_DIR, default ./output) or one inside it. Start the cluster with
           \`docker-compose -f docker-compose-cluster.yml up -d\` or \`npm start\`.
  --local  docker run --rm of the image with Spark in local[*] mode, <output-dir> mounted at
           /opt/neo/output: the same SQL and runner, no cluster needed.
Progress comes from the driver's REST API (/api/v1/applications/<id>/stages): a live bar on a
terminal, plain lines otherwise, on stderr.

Environment: ${ENV.outputDir} (default --output-dir), ${ENV.cluster} (default --cluster),
${ENV.image} (default --image), ${ENV.masterUiPort} and ${ENV.historyUiPort} (the master UI's and the
history server's host ports; unset: read from the running containers), the same knobs
docker-compose-cluster.yml reads; ${ENV.clusterWait}
(default --cluster-wait).

Exit codes:
${EXIT_CODE_HELP}

Examples:
${examples()}
`;

export function buildProgram(): Command {
  return new Command(COMMAND_NAME)
    .description(
      'Aggregate raw NEO batches <start>..<end> with Spark SQL (spark-job/job/*.sql) into close-approach ' +
        'metrics, the 20 closest approaches and the approaches per year and orbiting body.',
    )
    .argument('<start>', 'first batch, a whole number >= 1')
    .argument('<end>', 'last batch, inclusive, >= start')
    .option('--threshold <au>', `miss distance in AU that counts as close (default: ${DEFAULT_THRESHOLD_AU})`)
    .option(
      '--output-dir <dir>',
      `data folder holding raw/ and aggregations/ (default: $${ENV.outputDir} or ${DEFAULTS.outputDir})`,
    )
    .option('--local', 'run on Spark local[*] in a one-off container instead of the cluster')
    .option(
      '--cluster <name>',
      `compose cluster's container-name prefix (default: $${ENV.cluster} or ${DEFAULTS.cluster})`,
    )
    .option('--image <image>', `image for --local (default: $${ENV.image} or ${DEFAULTS.image})`)
    .option('--conf <key=value...>', 'extra Spark setting for spark-submit, repeatable')
    .option(
      '--cluster-wait <s>',
      `seconds to wait for an ALIVE worker (default: $${ENV.clusterWait} or ${DEFAULTS.clusterWaitS})`,
    )
    .option('--progress-ms <ms>', `how often the driver reports progress (default: ${DEFAULTS.progressMs})`)
    .option('--quiet', 'no progress; the plan, warnings and the result only')
    .option('--table', 'print every metric on stdout, not only the summary')
    .option('--wait-lock', "wait for another run holding the output dir's aggregation lock instead of exiting 9")
    .addHelpText('after', HELP_AFTER)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
}

export interface ParsedArgs {
  readonly start: string;
  readonly end: string;
  readonly flags: SubmitFlags;
}

/** argv (without node and script) -> arguments and flags. Errors as the ingest's: UsageError, HelpShown. */
export function parseArgs(argv: readonly string[], program: Command = buildProgram()): ParsedArgs {
  parseCommandLine(argv, program);
  const [start = '', end = ''] = program.args;
  return { start, end, flags: program.opts<SubmitFlags>() };
}
