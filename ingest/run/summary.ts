// What a run comes to: its outcome and exit code, and the figures the summary table prints.
import { join } from 'node:path';
import { FOLDERS, batchRange } from '../../core/layout.ts';
import { MANIFEST_FILE, type Manifest } from '../../core/manifest.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { IngestConfig, IngestSummary, Outcome, PageSource, RefreshFigures, Tally } from '../types.ts';
import { checkConsistency } from './consistency.ts';

const EXIT_FOR: Record<Outcome, ExitCode> = {
  ok: EXIT.ok,
  quarantined: EXIT.quarantined,
  inconsistent: EXIT.inconsistent,
  'refresh-unsettled': EXIT.refreshUnsettled,
  'batches-failed': EXIT.batchesFailed,
  'quota-exhausted': EXIT.quotaExhausted,
  'key-rejected': EXIT.keyRejected,
  interrupted: EXIT.interrupted,
};

export function exitCodeOf(outcome: Outcome): ExitCode {
  return EXIT_FOR[outcome];
}

export interface RunFigures {
  readonly planned: number;
  readonly toRun: number;
  readonly elapsedMs: number;
  readonly refresh?: RefreshFigures;
  /** Batches found done and intact; default planned - toRun (a refresh's passes redo every batch). */
  readonly skipped?: number;
}

export function summarize(
  { config, manifest, source }: { config: IngestConfig; manifest: Manifest; source: PageSource },
  tally: Tally,
  { planned, toRun, elapsedMs, refresh, skipped = planned - toRun }: RunFigures,
): IngestSummary {
  const { outputDir } = config;
  const dataset = datasetFigures(manifest, planned);
  const consistency = checkConsistency(manifest, planned, config.batchSize);
  // Precedence: a stop, then failed batches, then a dataset that is not one snapshot, then quarantine.
  const finished: Outcome =
    tally.failed.length > 0
      ? 'batches-failed'
      : !consistency.consistent
        ? 'inconsistent'
        : dataset.quarantined > 0
          ? 'quarantined'
          : 'ok';
  const outcome = tally.stop?.outcome ?? finished;
  const { requests, retries } = source.stats();
  return {
    outcome,
    exitCode: exitCodeOf(outcome),
    message: tally.stop?.message ?? null,
    resumeAfter: tally.stop?.resumeAfter?.toISOString() ?? null,
    mode: source.mode,
    batches: {
      planned,
      done: tally.done,
      failed: tally.failed.length,
      skipped: config.backfill === null ? skipped : 0,
      notReached: toRun - tally.processed,
    },
    failed: tally.failed,
    rows: tally.rows,
    quarantined: tally.quarantined,
    dataset,
    ...(consistency.consistent ? {} : { consistency }),
    ...(refresh === undefined ? {} : { refresh }),
    requests,
    retries,
    elapsedMs,
    paths: outputPaths(outputDir),
  };
}

/** Where a reader finds the dataset; for a refreshed dir, its links through `.current`. */
export function outputPaths(outputDir: string): IngestSummary['paths'] {
  return {
    raw: join(outputDir, FOLDERS.raw),
    landing: join(outputDir, FOLDERS.landing),
    quarantine: join(outputDir, FOLDERS.quarantine),
    manifest: join(outputDir, MANIFEST_FILE),
  };
}

/** The planned batches as the manifest records them, whichever run wrote them. */
export function datasetFigures(manifest: Manifest, planned: number): IngestSummary['dataset'] {
  let batchesDone = 0;
  let rows = 0;
  let quarantined = 0;
  for (const batch of batchRange(1, planned)) {
    const entry = manifest.batches.get(batch);
    if (entry?.status !== 'done') continue;
    batchesDone += 1;
    rows += entry.rows;
    quarantined += entry.quarantined;
  }
  return { batchesDone, rows, quarantined };
}
