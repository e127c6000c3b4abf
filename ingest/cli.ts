// `npm run ingest -- ...` / `neo-ingest ...`: parse, configure, run, report, exit with the documented code.
import { type CliIo, bindOutput, processIo } from '../core/cli-io.ts';
import { type IngestConfig, UsageError, loadConfig } from './config.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { makeRedactor } from './land/redact.ts';
import { COMMAND_NAME, HelpShown, buildProgram, parseArgs } from './cli-program.ts';
import { logLines } from './report/log-lines.ts';
import { progressBar } from './report/progress-bar.ts';
import { formatSummary } from './report/summary-table.ts';
import type { EventSink } from './run/events.ts';
import { FileWriteError } from '../core/write-error.ts';

export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = bindOutput(buildProgram(), io);
  let config: IngestConfig;
  try {
    config = await loadConfig(parseArgs(argv, program), io);
  } catch (error) {
    if (error instanceof HelpShown) return EXIT.ok;
    if (error instanceof UsageError) return usage(io, error.message);
    throw error;
  }

  const redact = (text: string) => makeRedactor(config.apiKey)(text).text;
  const useBar = io.stderr.isTTY && config.logFormat === 'text' && !config.quiet;
  const bar = useBar ? progressBar(io.stderr) : null;
  const onEvent: EventSink =
    bar?.onEvent ?? logLines({ format: config.logFormat, quiet: config.quiet, write: (line) => io.stderr.write(line) });
  try {
    // Loaded only now: the Parquet and HTTP stacks take a second to load, which bad usage and --help skip.
    const { runIngest } = await import('./run/run-ingest.ts');
    const summary = await runIngest(config, { onEvent, signal: io.signal });
    bar?.stop();
    io.stdout.write(formatSummary(summary, config.logFormat));
    return summary.exitCode;
  } catch (error) {
    bar?.stop();
    if (error instanceof UsageError) return usage(io, redact(error.message));
    // The machine's problem, not a bug: the message names the file and what to do, no stack trace.
    if (error instanceof FileWriteError) {
      io.stderr.write(`error: ${redact(error.message)}\n`);
      return EXIT.unexpected;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`error: unexpected: ${redact(detail)}\n`);
    return EXIT.unexpected;
  }
}

function usage(io: CliIo, message: string): ExitCode {
  io.stderr.write(`error: ${message}\n(run ${COMMAND_NAME} --help for usage)\n`);
  return EXIT.usage;
}

/** First SIGINT/SIGTERM: finish the batch in hand, then stop with a summary. Second: stop at once. */
function abortOnSignals(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write(`\n${signal}: stopping after the batch in hand (again to stop at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

process.exitCode = await main(process.argv.slice(2), processIo(abortOnSignals()));
