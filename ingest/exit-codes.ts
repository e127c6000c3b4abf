// The ingest command's exit codes: a contract for schedulers and scripts that run it, so each number
// means one thing and says what to do next. `--help` prints EXIT_CODE_HELP. When several apply, the first
// of these wins: a stop (6, 5, 130), 9, 4, 8, 7, 3, 0.
import { EXIT_INTERRUPTED, EXIT_UNEXPECTED, formatExitCodes } from '../core/cli-io.ts';

export const EXIT = {
  ok: 0,
  unexpected: EXIT_UNEXPECTED,
  usage: 2,
  quarantined: 3,
  batchesFailed: 4,
  quotaExhausted: 5,
  keyRejected: 6,
  inconsistent: 7,
  refreshUnsettled: 8,
  locked: 9,
  interrupted: EXIT_INTERRUPTED,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const MEANING: Record<ExitCode, string> = {
  0: 'all batches done, nothing quarantined',
  1: 'unexpected error (a bug or the machine: disk full, permissions); the message says which',
  2: 'bad usage or configuration; nothing was written',
  3: 'all batches done, but some records were quarantined (see quarantine/): the data needs attention',
  4: 'some batches failed after retries; run the same command again to retry only those',
  5: 'API quota exhausted; progress is saved, run again after the time printed',
  6: 'API key rejected (403); set a valid NASA_API_KEY',
  7:
    'the batches are not one snapshot of the catalogue (a NEO in two batches, or fetched at different catalogue ' +
    'sizes, so some may be missing); run again with --refresh',
  8:
    '--refresh could not get one full pass to agree within --refresh-passes: the catalogue moved faster than it ' +
    'could follow; raw/ still shows the previous data, run --refresh again later (it resumes)',
  9: 'another run holds the output dir (its pid, host, command and start are printed); or use --wait-lock',
  130: 'interrupted (Ctrl-C or SIGTERM) after finishing the batch in hand; run again to resume',
};

export const EXIT_CODE_HELP = formatExitCodes(MEANING);
