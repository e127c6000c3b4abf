// The submit command's exit codes. They do not reuse the ingest's numbers (3-8), and 9 means what it means
// there, so `npm start`, which runs both, can pass either on and each number still means one thing.
// `--help` prints EXIT_CODE_HELP.
import { EXIT_INTERRUPTED, EXIT_UNEXPECTED, formatExitCodes } from '../core/cli-io.ts';

export const EXIT = {
  ok: 0,
  unexpected: EXIT_UNEXPECTED,
  usage: 2,
  locked: 9,
  noData: 10,
  clusterDown: 11,
  jobFailed: 12,
  interrupted: EXIT_INTERRUPTED,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const MEANING: Record<ExitCode, string> = {
  0: 'the results and the report were written (_SUCCESS present); a summary was printed',
  1: 'unexpected error (a bug, or the machine: disk full, permissions); the message says which',
  2: 'bad usage: a bad range, threshold or option; nothing was submitted',
  9: "another run holds the output dir's aggregation lock (its pid, host, command, start are printed); or --wait-lock",
  10: 'no batch of the range has been ingested yet: run the ingest first; nothing was written',
  11: 'the Spark cluster is not up (or has no ALIVE worker): start it; nothing was submitted',
  12: 'the Spark job failed; the previous result, if any, is left as it was',
  130: 'interrupted (Ctrl-C): the application was killed; the previous result is left as it was',
};

export const EXIT_CODE_HELP = formatExitCodes(MEANING);
