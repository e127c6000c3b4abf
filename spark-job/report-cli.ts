// `npm run report -- <start> <end>`: rebuilds the HTML report of a range from the results the Spark job
// already wrote (no Spark), prints its path, exits with the documented code.
import { Command } from 'commander';
import {
  type CliIo,
  EXIT_UNEXPECTED,
  abortOnSignals,
  bindOutput,
  formatExitCodes,
  parseCommandLine,
  processIo,
} from '../core/cli-io.ts';
import { HelpShown, UsageError } from '../core/errors.ts';
import { FOLDERS } from '../core/layout.ts';
import { DEFAULTS, ENV, resolveSubmitConfig } from './config.ts';
import { ResultsMissing } from './report/html/parquet-folder.ts';
import { REPORT_FILE, writeReport } from './report/html/write-report.ts';

const COMMAND_NAME = 'npm run report --';

export const REPORT_EXIT = { ok: 0, unexpected: EXIT_UNEXPECTED, usage: 2, resultsMissing: 14 } as const;

const EXIT_HELP = formatExitCodes({
  0: 'the report was written; its path is printed',
  1: 'unexpected error (a bug, or the machine: disk full, permissions); the message says which',
  2: 'bad usage: a bad range, threshold or option; nothing was written',
  14: 'the range has no results (or not at that threshold): the message names the submit to run',
});

const HELP_AFTER = `
Reads what ./submit_spark_job.sh <start> <end> wrote under <output-dir>:
  ${FOLDERS.aggregations}/batches-<start>-<end>/                 the metrics
  ${FOLDERS.closestApproaches}/batches-<start>-<end>/           the 20 closest approaches
  ${FOLDERS.yearlyApproaches}/batches-<start>-<end>/  approaches per year and orbiting body
  manifest.json                                       batches missing, quarantined records, drift
and writes ${FOLDERS.reports}/batches-<start>-<end>/${REPORT_FILE}: one self-contained page (inline CSS and
SVG charts, no script, nothing loaded from the network) with the coverage and its warnings, the
headline metrics, approaches per year and per orbiting body, and the closest-approaches table.
The file is replaced atomically. The submit wrapper and npm start write the same report after a job.

Exit codes:
${EXIT_HELP}

Examples:
  $ npm run report -- 1 10                           report on batches 1..10 in ./output
  $ npm run report -- 5 12 --threshold 0.05          fails (14) unless 5..12 was aggregated at 0.05
  $ npm run report -- 1 200 --output-dir /data/neo
`;

function buildProgram(): Command {
  return new Command(COMMAND_NAME)
    .description('Write the HTML report of batches <start>..<end> from the Spark results already written.')
    .argument('<start>', 'first batch of the aggregated range')
    .argument('<end>', 'last batch of the aggregated range')
    .option('--output-dir <dir>', `data folder (default: $${ENV.outputDir} or ${DEFAULTS.outputDir})`)
    .option('--threshold <au>', 'check the results were aggregated at this threshold (default: whichever)')
    .addHelpText('after', HELP_AFTER)
    .exitOverride();
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = bindOutput(buildProgram(), io);
  try {
    parseCommandLine(argv, program);
    const [start = '', end = ''] = program.args;
    const flags = program.opts<{ outputDir?: string; threshold?: string }>();
    // The submit's own validation of range, threshold and folder, so both commands accept the same values.
    const config = resolveSubmitConfig({ start, end, flags, env: io.env, cwd: io.cwd });
    const threshold = flags.threshold === undefined ? undefined : config.threshold;
    io.stdout.write(`${await writeReport(config.outputDir, config.range, { threshold })}\n`);
    return REPORT_EXIT.ok;
  } catch (error) {
    if (error instanceof HelpShown) return REPORT_EXIT.ok;
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n(run ${COMMAND_NAME} --help for usage)\n`);
      return REPORT_EXIT.usage;
    }
    if (error instanceof ResultsMissing) {
      io.stderr.write(`error: ${error.message}\n`);
      return REPORT_EXIT.resultsMissing;
    }
    io.stderr.write(`error: unexpected: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return REPORT_EXIT.unexpected;
  }
}

process.exitCode = await main(process.argv.slice(2), processIo(abortOnSignals('stopping the report')));
