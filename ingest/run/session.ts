// One pass of the run machinery over one dataset folder (the output dir, its current generation, or a
// refresh's staging generation): open it, record the range it now covers, and run the batches it lacks.
import { batchCount, batchFiles } from '../../core/layout.ts';
import { makeRedactor } from '../fetch/redact.ts';
import type { EventSink } from '../events.ts';
import type { IngestConfig, IngestSummary, RunContext } from '../types.ts';
import { apiSource } from './api-source.ts';
import { compactPartitions, recoverSwaps, splitForWork } from './compaction.ts';
import { emptyTally, runBatches } from './batch-loop.ts';
import { demoKeyWarnings } from './demo-key.ts';
import { landingSource } from './landing-source.ts';
import { openOutputs } from './outputs.ts';
import { summarize } from './summary.ts';
import { selectWork } from './work.ts';

/** Opens `config.outputDir` and the page source; the caller closes `context.source`. */
export async function openSession(config: IngestConfig, emit: EventSink): Promise<RunContext> {
  const redact = makeRedactor(config.apiKey);
  const { outputDir, partitionSize } = config;
  const { manifest, writer } = await openOutputs(config);
  // Before anything reads raw/ or the manifest: a compaction swap a killed run committed to is finished.
  await recoverSwaps(outputDir, manifest, writer);
  // A full run sets the dataset's range: later runs into this dir (a backfill, a refresh) default to it.
  if (config.backfill === null && !config.fromLanding && manifest.total !== config.total) {
    await writer.recordTotal(config.total);
  }
  const source = config.fromLanding
    ? landingSource(outputDir, (batch) => batchFiles(batch, partitionSize))
    : apiSource(config, redact, emit);
  return { config, manifest, manifestWriter: writer, source, redact, emit };
}

/** A normal run (resume, backfill, rebuild from landing) into `config.outputDir`. */
export async function ingestInto(config: IngestConfig, emit: EventSink, signal?: AbortSignal): Promise<IngestSummary> {
  const startedAt = performance.now();
  const context = await openSession(config, emit);
  try {
    const planned = batchCount(config);
    const work = await selectWork(config, context.manifest, planned);
    emit({
      type: 'start',
      mode: context.source.mode,
      outputDir: config.outputDir,
      planned,
      toRun: work.length,
      backfill: config.backfill,
    });
    if (!config.fromLanding)
      for (const message of demoKeyWarnings(config, work.length)) emit({ type: 'warning', message });
    await splitForWork(context, work);
    const tally = await runBatches(context, work, emptyTally(), { signal });
    if (tally.stop?.outcome !== 'interrupted') await compactPartitions(context);
    await context.manifestWriter.fold();
    if (tally.stop !== null) emit({ type: 'stop', message: tally.stop.message });
    const elapsedMs = Math.round(performance.now() - startedAt);
    const summary = summarize(context, tally, { planned, toRun: work.length, elapsedMs });
    for (const message of summary.consistency?.messages ?? []) emit({ type: 'warning', message });
    return summary;
  } finally {
    context.source.close();
  }
}
