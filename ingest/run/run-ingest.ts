// One ingest run: open the output dir, decide which batches need doing, then for each, in order: get
// the page from the source (the API, or the landing zone), check it, and complete the batch (land,
// transform, write, record: see complete-batch.ts). A failed batch is recorded and the run goes on; a
// rejected key, a used-up quota or an interrupt stops it with its progress kept.
import { batchCount, batchFiles, pageOfBatch } from '../../core/layout.ts';
import { makeRedactor } from '../fetch/redact.ts';
import type {
  EventSink,
  FetchedPage,
  IngestConfig,
  IngestSummary,
  RunContext,
  SourceFailure,
  Tally,
  Work,
} from '../types.ts';
import { apiSource } from './api-source.ts';
import { completeBatch } from './complete-batch.ts';
import { demoKeyWarnings } from './demo-key.ts';
import { landingSource } from './landing-source.ts';
import { openOutputs } from './outputs.ts';
import { BatchProblem, checkPageNumber, checkReachable } from './page-checks.ts';
import { recordFailure } from './record-failure.ts';
import { summarize } from './summary.ts';
import { selectWork } from './work.ts';

export interface RunOptions {
  /** Progress events (the CLI's progress bar and log lines). */
  readonly onEvent?: EventSink;
  /** Aborting stops the run after the batch in hand (outcome 'interrupted'); progress is kept. */
  readonly signal?: AbortSignal;
}

export async function runIngest(config: IngestConfig, options: RunOptions = {}): Promise<IngestSummary> {
  const startedAt = performance.now();
  const emit: EventSink = options.onEvent ?? (() => {});
  const redact = makeRedactor(config.apiKey);
  const { outputDir, partitionSize, backfill } = config;
  const { manifest, writer } = await openOutputs(config);

  const planned = batchCount(config);
  const work = await selectWork(config, manifest, planned);
  const mode = config.fromLanding ? 'landing' : 'api';
  emit({ type: 'start', mode, outputDir, planned, toRun: work.length, backfill });
  if (mode === 'api') for (const message of demoKeyWarnings(config, work.length)) emit({ type: 'warning', message });

  const source =
    mode === 'landing'
      ? landingSource(outputDir, (batch) => batchFiles(batch, partitionSize))
      : apiSource(config, redact, emit);
  const context: RunContext = { config, manifest, manifestWriter: writer, source, redact, emit };
  try {
    const tally = await runBatches(context, work, options.signal);
    await writer.fold();
    if (tally.stop !== null) emit({ type: 'stop', message: tally.stop.message });
    const elapsedMs = Math.round(performance.now() - startedAt);
    return summarize(context, tally, { planned, toRun: work.length, elapsedMs });
  } finally {
    source.close();
  }
}

async function runBatches(context: RunContext, work: readonly Work[], signal: AbortSignal | undefined): Promise<Tally> {
  const { config, source, redact, emit } = context;
  const tally: Tally = { done: 0, rows: 0, quarantined: 0, processed: 0, failed: [], stop: null };
  // Checked on the first page this run receives, before anything of this run is written.
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
