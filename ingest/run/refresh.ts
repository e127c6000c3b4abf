// --refresh: re-fetch the dataset's whole range as one snapshot of a catalogue that keeps changing, and
// switch readers to it at once. The new dataset is built in a hidden staging generation (generations.ts)
// by the normal batch loop, so a kill at any instant resumes: a second --refresh fills what is missing.
// Then verification passes fetch every page again and compare its ids and total_elements with what is
// stored, re-writing the pages that drifted, until one full pass finds every page as stored (and no id in
// two batches, one catalogue size): the stored pages are then the listing as it stood during that pass.
// Passes are bounded (--refresh-passes): a catalogue moving faster than a pass ends the run with exit 8,
// the previous data still in place. Passes hold no state of their own: a resumed refresh starts them over.
import { batchCount, batchRange } from '../../core/layout.ts';
import type { LockHolder } from '../../core/folder-lock.ts';
import type { EventSink } from '../events.ts';
import type { IngestConfig, IngestSummary, RefreshFigures, Tally } from '../types.ts';
import { emptyTally, runBatches } from './batch-loop.ts';
import { checkConsistency } from './consistency.ts';
import { demoKeyWarnings } from './demo-key.ts';
import { generationDir, generationName, markComplete, stagingGeneration, switchGeneration } from './generations.ts';
import { openSession } from './session.ts';
import { summarize } from './summary.ts';
import { selectWork } from './work.ts';

export interface RefreshOptions {
  readonly emit: EventSink;
  readonly signal?: AbortSignal;
  readonly onWaiting: (holder: LockHolder | null) => void;
}

export async function refreshDataset(config: IngestConfig, options: RefreshOptions): Promise<IngestSummary> {
  const { emit, signal } = options;
  const startedAt = performance.now();
  const { outputDir } = config;
  const generation = await stagingGeneration(outputDir);
  const staging = { ...config, outputDir: generationDir(outputDir, generation) };
  const context = await openSession(staging, emit);
  try {
    const planned = batchCount(config);
    const work = await selectWork(staging, context.manifest, planned);
    emit({ type: 'start', mode: 'api', outputDir: staging.outputDir, planned, toRun: work.length, backfill: null });
    emit({
      type: 'info',
      message:
        `refresh: building ${generationName(generation)} (${work.length} of ${planned} batches to fetch, then ` +
        'verification passes); raw/ shows the previous data until it is complete',
    });
    const requests = work.length + planned * (config.refreshPasses + 1);
    for (const message of demoKeyWarnings(config, requests)) emit({ type: 'warning', message });
    const tally = await runBatches(context, work, emptyTally(), { signal });
    const figures: RefreshFigures = { generation, passes: 0, rewritten: 0, switched: false };
    while (tally.stop === null && tally.failed.length === 0 && figures.passes < config.refreshPasses) {
      figures.passes += 1;
      const before = tally.done;
      const pass = batchRange(1, planned).map((batch) => ({ batch, reason: `verification pass ${figures.passes}` }));
      await runBatches(context, pass, tally, { signal, keepIfSame: true });
      const drifted = tally.done - before;
      figures.rewritten += drifted;
      if (tally.stop !== null || tally.failed.length > 0) break;
      emit({
        type: 'info',
        message: `refresh: verification pass ${figures.passes}: ${drifted} of ${planned} batches had drifted`,
      });
      if (drifted === 0 && checkConsistency(context.manifest, planned, config.batchSize).consistent) {
        figures.switched = true;
        break;
      }
    }
    await context.manifestWriter.fold();
    if (figures.switched) {
      await markComplete(outputDir, generation);
      await switchGeneration(outputDir, generation, options.onWaiting);
      emit({ type: 'info', message: `refresh: switched raw/ to ${generationName(generation)}` });
    } else if (tally.stop === null && tally.failed.length === 0) {
      tally.stop = unsettled(figures.passes);
    }
    if (tally.stop !== null) emit({ type: 'stop', message: tally.stop.message });
    const elapsedMs = Math.round(performance.now() - startedAt);
    const toRun = work.length + figures.passes * planned;
    const skipped = planned - work.length;
    return summarize(context, tally, { planned, toRun, elapsedMs, refresh: figures, skipped });
  } finally {
    context.source.close();
  }
}

function unsettled(passes: number): NonNullable<Tally['stop']> {
  const message =
    `the catalogue moved during each of ${passes} verification passes: the refresh could not get one full ` +
    'pass to agree. raw/ still shows the previous data; run --refresh again later (it resumes), ' +
    'or allow more passes with --refresh-passes';
  return { outcome: 'refresh-unsettled', message, resumeAfter: null };
}
