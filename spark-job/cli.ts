// `./submit_spark_job.sh <start> <end> [options]` / `npm run submit -- ...`: parse, validate, submit,
// write the HTML report, print a summary, exit with the documented code.
import { type CliIo, bindOutput, processIo, abortOnSignals } from '../core/cli-io.ts';
import { COMMAND_NAME, parseArgs, buildProgram } from './cli-program.ts';
import { resolveSubmitConfig } from './config.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { classifyError, preloadReportWriter, reportResult } from './report/report.ts';
import { submitAggregation } from './job/submit.ts';
import { HelpShown } from '../core/errors.ts';

export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = bindOutput(buildProgram(), io);
  try {
    const { start, end, flags } = parseArgs(argv, program);
    const config = resolveSubmitConfig({ start, end, flags, env: io.env, cwd: io.cwd });
    const { stderr, signal } = io;
    const result = await submitAggregation(config, { stderr, signal, onSubmitted: preloadReportWriter });
    return await reportResult(result, config, io);
  } catch (error) {
    if (error instanceof HelpShown) return EXIT.ok;
    const known = classifyError(error);
    if (known === null) {
      io.stderr.write(
        `error: unexpected: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      return EXIT.unexpected;
    }
    io.stderr.write(`error: ${known.message}\n`);
    if (known.code === EXIT.usage) io.stderr.write(`(run ${COMMAND_NAME} --help for usage)\n`);
    return known.code;
  }
}

process.exitCode = await main(process.argv.slice(2), processIo(abortOnSignals('killing the Spark application')));
