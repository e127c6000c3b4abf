// What the command-line entry points share (the ingest, the Spark submit wrapper, `npm start`): the
// process surroundings they run in, passed in so tests can run them in-process, and how they print.
import type { Command } from 'commander';

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

/** This process's surroundings. `cmd --help | head` closes stdout early: not worth a stack trace. */
export function processIo(signal: AbortSignal): CliIo {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, signal };
}
