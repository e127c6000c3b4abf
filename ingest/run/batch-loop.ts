// The batch loop: for each batch of the work, in order, get the page from the source (the API, or the
// landing zone), check it, and complete the batch (land, transform, write, record: see complete-batch.ts).
// A failed batch is recorded and the loop goes on; a rejected key, a used-up quota or an interrupt stops it
// with its progress kept. A refresh's verification pass runs the same loop, keeping pages found as recorded.
import { keptCount, pageOfBatch } from '../../core/layout.ts';
import type { ManifestEntry } from '../../core/manifest.ts';
import type { FetchedPage, RunContext, SourceFailure, Tally, Work } from '../types.ts';
import { recordIds } from '../validate/neo-id.ts';
import { completeBatch } from './complete-batch.ts';
import { BatchProblem, checkPageNumber, checkReachable } from './page-checks.ts';
import { recordFailure } from './record-failure.ts';

export interface LoopOptions {
  readonly signal?: AbortSignal;
  /** A verification pass: a page whose ids and total_elements are as recorded is not written again. */
  readonly keepIfSame?: boolean;
}

export const emptyTally = (): Tally => ({ done: 0, rows: 0, quarantined: 0, processed: 0, failed: [], stop: null });

/** Whether a fetched page holds what the batch's entry records: the same NEOs, the same catalogue size. */
export function sameAsRecorded(entry: ManifestEntry | undefined, fetched: FetchedPage, neos: number): boolean {
  if (entry?.status !== 'done' || entry.ids === undefined) return false;
  if (entry.totalElements !== fetched.page.page.total_elements) return false;
  const ids = recordIds(fetched.page.near_earth_objects.slice(0, neos));
  return ids.length === entry.ids.length && ids.every((id, k) => id === entry.ids?.[k]);
}

/** Runs the work into `tally` (which may hold earlier loops' figures) and returns it. */
export async function runBatches(
  context: RunContext,
  work: readonly Work[],
  tally: Tally,
  { signal, keepIfSame = false }: LoopOptions = {},
): Promise<Tally> {
  const { config, source, redact, emit, manifest } = context;
  // Checked on the first page this loop receives, before anything of it is written.
  let reachChecked = false;

  for (const { batch, reason } of work) {
    if (signal?.aborted === true) {
      const message = 'interrupted: the batches done so far are kept; run again to resume';
      tally.stop = { outcome: 'interrupted', message, resumeAfter: null };
      break;
    }
    const page = pageOfBatch(batch);
    emit({ type: 'batch-start', batch, page, reason });
    const batchStarted = performance.now();
    let fetched: FetchedPage | undefined;
    try {
      fetched = await source.fetch(batch, page, config.batchSize);
      checkPageNumber(page, fetched.page);
      if (!reachChecked) {
        reachChecked = true;
        checkReachable(config, fetched.page.page.total_elements);
      }
      if (keepIfSame && sameAsRecorded(manifest.batches.get(batch), fetched, keptCount(batch, config))) {
        tally.processed += 1;
        continue;
      }
      const entry = await completeBatch(context, batch, fetched);
      tally.done += 1;
      tally.rows += entry.rows;
      tally.quarantined += entry.quarantined;
      const { rows, quarantined, attempts } = entry;
      const ms = Math.round(performance.now() - batchStarted);
      emit({ type: 'batch-done', batch, page, rows, quarantined, attempts, ms });
    } catch (error) {
      const failure = classify(context, error, fetched);
      if (failure === null) throw error;
      const message = redact(failure.message).text;
      if (failure.kind !== 'batch-failed') {
        const resumeAfter = failure.kind === 'quota-exhausted' ? failure.resumeAfter : null;
        tally.stop = { outcome: failure.kind, message, resumeAfter };
        break;
      }
      tally.failed.push({ batch, error: message });
      emit({ type: 'batch-failed', batch, page, attempts: failure.attempts, error: message });
      await recordFailure(context, batch, failure.attempts, message);
      // Nothing has come through yet and the API cannot even be reached: every other batch would spend
      // the same retries for nothing.
      if (failure.unreachable === true && tally.done === 0) {
        tally.processed += 1;
        tally.stop = { outcome: 'batches-failed', message: unreachableHint(config.apiUrl), resumeAfter: null };
        break;
      }
    }
    tally.processed += 1;
  }
  return tally;
}

function classify({ source }: RunContext, error: unknown, fetched: FetchedPage | undefined): SourceFailure | null {
  if (error instanceof BatchProblem) {
    return { kind: 'batch-failed', message: error.message, attempts: fetched?.attempts ?? 0 };
  }
  return source.classify(error);
}

function unreachableHint(apiUrl: string): string {
  return (
    `cannot reach ${apiUrl}: stopped before trying the other batches. Check the network and --api-url ` +
    '(NASA_API_BASE_URL); on a machine without internet run the pipeline on the bundled stand-in: ' +
    'npm start -- --offline'
  );
}
