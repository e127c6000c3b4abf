// One aggregation, start to finish: look at raw/ (only the partition folders that hold batches of the
// range are passed on), fill the SQL parameters, submit through docker, show the progress the driver
// prints, and confirm the result folder was replaced. Problems found before submitting are thrown
// (UsageError, FolderLockedError, NoIngestedData, ClusterDown, DockerUnavailable); the job's own fate is returned.
// The folder's aggregation lock is held from listing raw/ until the results are swapped in: a --refresh
// switches generations under it, so a job reads the old data or the new, never a mix.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeEscapingLinks, linksLeaving } from '../../core/contained-paths.ts';
import { FOLDER_LOCKS, type LockHolder, acquireFolderLock, describeHolder } from '../../core/folder-lock.ts';
import { FOLDERS, LAYOUT_DEFAULTS, describeBatches, rangeSize, resultFolderName } from '../../core/layout.ts';
import type { SubmitConfig } from '../config.ts';
import type { JobProgress } from '../report/driver-progress.ts';
import { type MetricRow, runJobProcess } from './job-process.ts';
import { type JobRunner, clusterRunner, localRunner } from './job-runner.ts';
import { pollUntil } from '../cluster/poll.ts';
import { folderIdentity, prepareSharedFolders, resultReplaced } from './output-folders.ts';
import { progressDisplay } from '../report/progress-display.ts';
import { type RawInventory, inventoryRaw } from './raw-inventory.ts';
import type { JobSpec } from './spark-submit-command.ts';
import { JOB_SQL_FILES, RESULT_SQL_FILES, aggregateParams, checkParams } from './sql-params.ts';
import { UsageError } from '../../core/errors.ts';

// The whole spark-job/ folder is mounted into the containers, as docker-compose-cluster.yml does.
const SPARK_JOB_DIR = resolve(import.meta.dirname, '..');

export class NoIngestedData extends Error {
  override readonly name = 'NoIngestedData';
}

export interface SubmitIo {
  /** Plan, warnings and progress go here; the caller prints the result. */
  readonly stderr: NodeJS.WriteStream;
  /** Aborting kills the Spark application; the run ends as 'interrupted'. */
  readonly signal?: AbortSignal;
  /** Called once the job is submitted: work for afterwards can start while it runs. */
  readonly onSubmitted?: () => void;
}

export interface SubmitResult {
  readonly outcome: 'written' | 'failed' | 'interrupted';
  /** The metrics; empty unless written. */
  readonly rows: readonly MetricRow[];
  /** Host path of the metrics' result folder (part-*.parquet + _SUCCESS). */
  readonly resultDir: string;
  /** Host paths of every result folder of the run, the metrics' first. */
  readonly resultDirs: readonly string[];
  readonly inventory: RawInventory;
  readonly appId: string | null;
  readonly runner: Pick<JobRunner, 'description' | 'masterUiUrl' | 'historyUiUrl'>;
  /** Wall time from submitting to the job's end. */
  readonly elapsedMs: number;
  /** Why the job failed, with the end of the driver's log; null when written. */
  readonly failure: string | null;
}

function ingestHint(config: SubmitConfig, inventory: RawInventory): string {
  const total = config.range.end * (inventory.batchSize ?? LAYOUT_DEFAULTS.batchSize);
  return `npm run ingest -- --total ${total} --output-dir ${config.outputDir}`;
}

function describePlan(config: SubmitConfig, inventory: RawInventory): string[] {
  const { start, end } = config.range;
  const lines = [
    `batches ${start}-${end}: ${inventory.present.length} of ${rangeSize(config.range)} ingested; ` +
      `reading ${inventory.folders.length} partition folder(s) of ${inventory.rawDir}: ` +
      inventory.folders.map((f) => f.name).join(' '),
  ];
  if (inventory.missing.length > 0) {
    const reasons = [...inventory.missingReasons].map(([batch, reason]) => `batch ${batch} ${reason}`);
    lines.push(
      `warning: ${inventory.missing.length} batch(es) of ${start}-${end} were never ingested: ` +
        describeBatches(inventory.missing) +
        `${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}; ` +
        `the metrics cover the ${inventory.present.length} present. ` +
        `Run the ingest again to fetch them: ${ingestHint(config, inventory)}`,
    );
  }
  return lines;
}

export async function submitAggregation(config: SubmitConfig, io: SubmitIo): Promise<SubmitResult> {
  // Before anything is read or written (the shared folders are chmod-ed): nothing through a link out.
  const escaping = await linksLeaving(config.outputDir);
  if (escaping.length > 0) throw new UsageError(describeEscapingLinks('--output-dir', config.outputDir, escaping));
  const onWaiting = (holder: LockHolder | null) =>
    io.stderr.write(`waiting for ${describeHolder(holder)}, which holds ${config.outputDir}\n`);
  const release = await acquireFolderLock(config.outputDir, {
    name: FOLDER_LOCKS.aggregation,
    wait: config.waitLock,
    onWaiting,
  });
  try {
    return await submitLocked(config, io);
  } finally {
    await release();
  }
}

async function submitLocked(config: SubmitConfig, io: SubmitIo): Promise<SubmitResult> {
  const { range } = config;
  const inventory = await inventoryRaw(config.outputDir, range);
  if (inventory.present.length === 0)
    throw new NoIngestedData(
      `no batch of ${range.start}-${range.end} has been ingested into ${inventory.rawDir}: ` +
        'run the ingest first, e.g. ' +
        `\`${ingestHint(config, inventory)}\`; nothing was written`,
    );

  const sqlTexts = await Promise.all(JOB_SQL_FILES.map((file) => readFile(join(import.meta.dirname, file), 'utf8')));
  const params = aggregateParams(range, config.threshold, config.thresholdLabel);
  checkParams(sqlTexts, params);

  const runner = config.mode === 'cluster' ? await clusterRunner(config) : await localRunner(config, SPARK_JOB_DIR);
  for (const line of describePlan(config, inventory)) io.stderr.write(`${line}\n`);
  const resultParents = RESULT_SQL_FILES.map(({ folder }) => join(config.outputDir, folder));
  await prepareSharedFolders([...resultParents, runner.eventsDir]);

  const resultDirs = resultParents.map((parent) => join(parent, resultFolderName(range)));
  const resultDir = resultDirs[0] as string;
  const identitiesBefore = await Promise.all(resultDirs.map(folderIdentity));
  const containerRaw = join(runner.containerOutputDir, FOLDERS.raw);
  const job: JobSpec = {
    appName: `neo-aggregate-${range.start}-${range.end}-${Date.now().toString(36)}`,
    params,
    inputFolders: inventory.folders.map((folder) => join(containerRaw, folder.name)),
    basePath: containerRaw,
    outputDir: runner.containerOutputDir,
    resultName: resultFolderName(range),
    sparkConf: config.sparkConf,
    progressMs: config.progressMs,
  };
  io.stderr.write(`submitting ${job.appName} to ${runner.description}\n`);

  const startedAt = performance.now();
  const display = progressDisplay(io.stderr, { quiet: config.quiet });
  const kills: Promise<void>[] = [];
  const kill = () => kills.push(runner.kill(job.appName));
  io.signal?.addEventListener('abort', kill, { once: true });
  let last: JobProgress | null = null;
  const running = runJobProcess(runner.dockerArgs(job), (progress) => (last = progress));
  io.onSubmitted?.();
  let finished = false;
  const ended = running.then(
    () => (finished = true),
    () => (finished = true),
  );
  // Shows the latest progress line at a steady pace (and the time waited before the first), and the last
  // one once the job has ended; bounded by the job: it ends when the docker process does.
  const polling = pollUntil(
    async () => {
      display.show(last, performance.now() - startedAt);
      return finished ? true : undefined;
    },
    { timeoutMs: Infinity, intervalMs: config.progressMs, wake: ended },
  );
  const exit = await running.finally(() => {
    finished = true;
  });
  await polling;
  await Promise.all(kills);
  display.finish();
  io.signal?.removeEventListener('abort', kill);
  const elapsedMs = Math.round(performance.now() - startedAt);

  const replaced = await Promise.all(resultDirs.map((dir, i) => resultReplaced(dir, identitiesBefore[i] ?? null)));
  const written = exit.exitCode === 0 && exit.rows !== null && replaced.every(Boolean);
  const base = {
    resultDir,
    resultDirs,
    inventory,
    appId: (last as JobProgress | null)?.appId ?? null,
    runner,
    elapsedMs,
  };
  if (written) return { ...base, outcome: 'written', rows: exit.rows ?? [], failure: null };
  const interrupted = io.signal?.aborted === true;
  const why = interrupted
    ? 'the application was killed on request'
    : exit.diskFull
      ? `disk full: Spark could not write under ${config.outputDir} (its results in ${FOLDERS.aggregations}/ ` +
        `and beside it, its event log in ${FOLDERS.sparkEvents}/): free space there and run again`
      : exit.exitCode !== 0
        ? `spark-submit exited with ${exit.exitCode ?? 'a signal'}`
        : exit.rows === null
          ? 'the driver printed no RESULT_JSON line'
          : `${resultDirs.filter((_, i) => !replaced[i]).join(', ')} not replaced by a new result with _SUCCESS`;
  const log =
    exit.logTail.length > 0 ? ` End of the driver log:\n${exit.logTail.map((line) => `  ${line}`).join('\n')}` : '';
  return {
    ...base,
    outcome: interrupted ? 'interrupted' : 'failed',
    rows: [],
    failure: `${why}; the previous result, if any, is unchanged.${log}`,
  };
}
