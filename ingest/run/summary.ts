// What runIngest returns: the outcome (and its exit code) plus the figures the summary table prints.
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { RunMode } from './events.ts';

export type Outcome = 'ok' | 'quarantined' | 'batches-failed' | 'quota-exhausted' | 'key-rejected' | 'interrupted';

const EXIT_FOR: Record<Outcome, ExitCode> = {
  ok: EXIT.ok,
  quarantined: EXIT.quarantined,
  'batches-failed': EXIT.batchesFailed,
  'quota-exhausted': EXIT.quotaExhausted,
  'key-rejected': EXIT.keyRejected,
  interrupted: EXIT.interrupted,
};

export function exitCodeOf(outcome: Outcome): ExitCode {
  return EXIT_FOR[outcome];
}

export interface IngestSummary {
  readonly outcome: Outcome;
  readonly exitCode: ExitCode;
  /** Why the run stopped early (key, quota, interrupt), or null. */
  readonly message: string | null;
  /** When a quota stop can be resumed (ISO), or null. */
  readonly resumeAfter: string | null;
  readonly mode: RunMode;
  readonly batches: {
    readonly planned: number;
    /** Done by this run. */
    readonly done: number;
    readonly failed: number;
    /** Already done and intact, so not fetched again. */
    readonly skipped: number;
    /** Left for the next run because the run stopped early. */
    readonly notReached: number;
  };
  readonly failed: ReadonlyArray<{ readonly batch: number; readonly error: string }>;
  /** Rows and quarantined records written by this run. */
  readonly rows: number;
  readonly quarantined: number;
  /** The planned batches as the manifest now records them, whichever run wrote them. */
  readonly dataset: { readonly batchesDone: number; readonly rows: number; readonly quarantined: number };
  readonly requests: number;
  readonly retries: number;
  readonly elapsedMs: number;
  readonly paths: { readonly raw: string; readonly landing: string; readonly quarantine: string; readonly manifest: string };
}
