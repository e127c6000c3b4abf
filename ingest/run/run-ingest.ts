// One ingest run: refuse an output dir with symlinks leading out of it, take the folder's lock (one writer
// per output dir), finish whatever switch a killed refresh left, then either a normal run into the dataset
// in use (session.ts) or a refresh into a new generation (refresh.ts).
import { FOLDER_LOCKS, type LockHolder, acquireFolderLock, describeHolder } from '../../core/folder-lock.ts';
import type { EventSink } from '../events.ts';
import type { IngestConfig, IngestSummary } from '../types.ts';
import { datasetDir, settleGenerations } from './generations.ts';
import { refuseEscapingLinks } from './outputs.ts';
import { refreshDataset } from './refresh.ts';
import { ingestInto } from './session.ts';
import { outputPaths } from './summary.ts';

export interface RunOptions {
  /** Progress events (the CLI's progress bar and log lines). */
  readonly onEvent?: EventSink;
  /** Aborting stops the run after the batch in hand (outcome 'interrupted'); progress is kept. */
  readonly signal?: AbortSignal;
}

/** Throws FolderLockedError (exit 9) when another run holds the output dir and --wait-lock is not given. */
export async function runIngest(config: IngestConfig, options: RunOptions = {}): Promise<IngestSummary> {
  const emit: EventSink = options.onEvent ?? (() => {});
  const { outputDir } = config;
  await refuseEscapingLinks(outputDir);
  const onWaiting = (holder: LockHolder | null) =>
    emit({ type: 'warning', message: `waiting for ${describeHolder(holder)}, which holds ${outputDir}` });
  const release = await acquireFolderLock(outputDir, { name: FOLDER_LOCKS.ingest, wait: config.waitLock, onWaiting });
  try {
    const rolledForward = await settleGenerations(outputDir, onWaiting);
    if (rolledForward !== null) {
      emit({ type: 'info', message: `finished the switch to generation ${rolledForward} that a killed refresh left` });
    }
    // A refresh whose switch was just finished has nothing left to do: this run only checks the result.
    const summary =
      config.refresh && rolledForward === null
        ? await refreshDataset(config, { emit, signal: options.signal, onWaiting })
        : await ingestInto({ ...config, outputDir: await datasetDir(outputDir) }, emit, options.signal);
    return { ...summary, paths: outputPaths(outputDir) };
  } finally {
    await release();
  }
}
