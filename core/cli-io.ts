// What the command-line entry points share (the ingest, the Spark submit wrapper, `npm start`): the
// process surroundings they run in, passed in so tests can run them in-process, and how they print.
import { type Command, CommanderError } from 'commander';
import { HelpShown, UsageError } from './errors.ts';

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly signal: AbortSignal;
}

/** Help goes to io.stdout; commander's own error line is dropped, since the caller prints a better one. */
export function bindOutput(program: Command, io: CliIo): Command {
  return program.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: () => {},
  });
}

/** An exit-code table as `--help` prints it. */
export function formatExitCodes(meaning: Readonly<Record<number, string>>): string {
  return Object.entries(meaning)
    .map(([code, text]) => `  ${code.padStart(3)}  ${text}`)
    .join('\n');
}

/** Node's code for a process that ran out of work with its main promise still pending. */
const UNSETTLED_TOP_LEVEL_AWAIT = 13;

/**
 * This process's surroundings. `cmd --help | head` closes stdout early: not worth a stack trace. A wait
 * whose only timer is unreferenced would end the process silently with code 13: never silently.
 */
export function processIo(signal: AbortSignal): CliIo {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  // Node sets the code after 'exit' listeners are called with 0, so read process.exitCode.
  process.on('exit', () => {
    if (process.exitCode !== UNSETTLED_TOP_LEVEL_AWAIT) return;
    process.stderr.write(
      'error: unexpected: the command stopped while still waiting on something (a bug): report it\n',
    );
    process.exitCode = EXIT_UNEXPECTED;
  });
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, signal };
}

/**
 * argv (without node and script) through commander: help is HelpShown, an unknown flag or missing value a
 * UsageError.
 */
export function parseCommandLine(argv: readonly string[], program: Command): void {
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') throw new HelpShown();
      throw new UsageError(error.message.replace(/^error: /, ''));
    }
    throw error;
  }
}

/** Exit code of an unexpected error (a bug, disk full, permissions): the same for every command. */
export const EXIT_UNEXPECTED = 1;
/** Exit code of a command stopped by a second Ctrl-C. */
export const EXIT_INTERRUPTED = 130;
// A repeat within this window is the same signal delivered twice (to the process and to its group, as
// `timeout` and some wrappers do), not a second Ctrl-C.
const DUPLICATE_SIGNAL_MS = 1_000;

/** First SIGINT/SIGTERM aborts the returned signal (`what` says what happens next); a second quits at once. */
export function abortOnSignals(what: string): AbortSignal {
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (Date.now() - firstAt > DUPLICATE_SIGNAL_MS) process.exit(EXIT_INTERRUPTED);
      return;
    }
    firstAt = Date.now();
    process.stderr.write(`\n${signal}: ${what} (again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
