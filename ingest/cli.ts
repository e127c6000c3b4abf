// `npm run ingest -- ...` / `neo-ingest ...`: parse, configure, run, report, exit with the documented code.
import { type CliIo, abortOnSignals, bindOutput, processIo } from '../core/cli-io.ts';
import { loadConfig } from './config.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { makeRedactor } from './fetch/redact.ts';
import { COMMAND_NAME, buildProgram, parseArgs } from './cli-program.ts';
import { logLines } from './report/log-lines.ts';
import { progressBar } from './report/progress-bar.ts';
import { formatSummary } from './report/summary-table.ts';
import type { EventSink } from './events.ts';
import type { IngestConfig } from './types.ts';
import { FileWriteError } from '../core/write-error.ts';
import { HelpShown, UsageError } from '../core/errors.ts';
import { FolderLockedError } from '../core/folder-lock.ts';

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
    if (error instanceof FolderLockedError) {
      io.stderr.write(`error: ${error.message}; run again when it is done, or add --wait-lock to wait for it\n`);
      return EXIT.locked;
    }
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

process.exitCode = await main(process.argv.slice(2), processIo(abortOnSignals('stopping after the batch in hand')));
