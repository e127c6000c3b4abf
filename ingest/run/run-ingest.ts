// One ingest run: decide which batches need doing, then for each, in order: get the page, land it,
// transform it, write Parquet and quarantine, and only then mark it done in the manifest. Every file is
// written atomically, and the batch's manifest entry last (see manifest.ts), so a run killed at any instant
// and run again redoes exactly the batches that were not marked done (or whose files no longer match).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type IngestConfig, DEMO_KEY } from '../config.ts';
import { transformPage } from '../explode/transform-page.ts';
import { landPage, sha256Text } from '../land/landing-zone.ts';
import { landingSource } from '../land/landing-source.ts';
import { type Redactor, makeRedactor } from '../land/redact.ts';
import { writeQuarantine } from '../quarantine/quarantine-file.ts';
import { BrowsePageSchema } from '../../core/schema.ts';
import { sweepTempFiles } from '../../core/atomic-file.ts';
import { describeEscapingLinks, linksLeaving } from '../../core/contained-paths.ts';
import { writeRawParquet } from '../write/raw-parquet.ts';
import { apiSource } from './api-source.ts';
import type { EventSink } from './events.ts';
import { type DoneEntry, type Manifest, type ManifestParams, MANIFEST_FILE, emptyManifest, readManifest } from '../../core/manifest.ts';
import { type ManifestWriter, manifestWriter } from './manifest-journal.ts';
import { checkParams, redoReason } from './resume.ts';
import type { FetchedPage, PageSource, SourceFailure } from './page-source.ts';
import { batchCount, batchFiles, batchRange, keptCount, pageOfBatch } from '../../core/layout.ts';
import { type IngestSummary, type Outcome, exitCodeOf } from './summary.ts';
import { UsageError } from '../../core/errors.ts';

export interface RunOptions {
  /** Progress events (the CLI's progress bar and log lines). */
  readonly onEvent?: EventSink;
  /** Aborting stops the run after the batch in hand (outcome 'interrupted'); progress is kept. */
  readonly signal?: AbortSignal;
}

/** A page that arrived but cannot be used: the batch fails, the run goes on. */
class BatchProblem extends Error {
  override readonly name = 'BatchProblem';
}

interface Stop {
  readonly outcome: Outcome;
  readonly message: string;
  readonly resumeAfter: Date | null;
}

interface Work {
  readonly batch: number;
  readonly reason: string;
}

/** What every step of a run needs. */
interface RunContext {
  readonly config: IngestConfig;
  readonly manifest: Manifest;
  readonly manifestWriter: ManifestWriter;
  readonly source: PageSource;
  readonly redact: Redactor;
  readonly emit: EventSink;
}

/** What the batches of one run came to. */
interface Tally {
  done: number;
  rows: number;
  quarantined: number;
  /** Batches attempted, done or failed. */
  processed: number;
  readonly failed: Array<{ batch: number; error: string }>;
  stop: Stop | null;
}

/** DEMO_KEY's gateway limits, per IP. */
const DEMO_KEY_LIMITS = { hourly: 30, daily: 50 } as const;

export async function runIngest(config: IngestConfig, options: RunOptions = {}): Promise<IngestSummary> {
  const startedAt = performance.now();
  const emit: EventSink = options.onEvent ?? (() => {});
  const redact = makeRedactor(config.apiKey);
  const { outputDir, partitionSize } = config;

  // Before anything is read or written: no write may leave the output dir through a symlink.
  const escaping = await linksLeaving(outputDir);
  if (escaping.length > 0) throw new UsageError(describeEscapingLinks('--output-dir', outputDir, escaping));

  const params: ManifestParams = { batchSize: config.batchSize, partitionSize, apiUrl: config.apiUrl };
  const existing = await readManifest(outputDir);
  if (existing !== null) checkParams(outputDir, existing.params, params, config.fromLanding ? ['apiUrl'] : []);
  const manifest = existing ?? emptyManifest(params);
  const writer = manifestWriter(outputDir, manifest, existing !== null);
  await sweepTempFiles(outputDir);
  // A killed run's journal (perhaps with a torn last line) goes into manifest.json before this run appends.
  await writer.fold();

  const planned = batchCount(config);
  const work = await selectWork(config, manifest, planned);
  emit({ type: 'start', mode: config.fromLanding ? 'landing' : 'api', outputDir, planned, toRun: work.length, backfill: config.backfill });
  if (!config.fromLanding) warnAboutDemoKey(config, work.length, emit);

  const source: PageSource = config.fromLanding
    ? landingSource(outputDir, (batch) => batchFiles(batch, partitionSize))
    : apiSource(config, redact, emit);
  const context: RunContext = { config, manifest, manifestWriter: writer, source, redact, emit };
  try {
    const tally = await runBatches(context, work, options.signal);
    await writer.fold();
    if (tally.stop !== null) emit({ type: 'stop', message: tally.stop.message });
    return summarize(context, tally, { planned, toRun: work.length, elapsedMs: Math.round(performance.now() - startedAt) });
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
      tally.stop = { outcome: 'interrupted', message: 'interrupted: the batches done so far are kept; run again to resume', resumeAfter: null };
      break;
    }
    const page = pageOfBatch(batch);
    emit({ type: 'batch-start', batch, page, reason });
    const batchStarted = performance.now();
    let fetched: FetchedPage | undefined;
    try {
      fetched = await source.fetch(batch, page, config.batchSize);
      const envelope = parseEnvelope(fetched.body, page);
      if (!reachChecked) {
        reachChecked = true;
        checkReachable(config, envelope.page.total_elements);
      }
      const entry = await completeBatch(context, batch, fetched, envelope.near_earth_objects);
      tally.done += 1;
      tally.rows += entry.rows;
      tally.quarantined += entry.quarantined;
      emit({
        type: 'batch-done',
        batch,
        page,
        rows: entry.rows,
        quarantined: entry.quarantined,
        attempts: entry.attempts,
        ms: Math.round(performance.now() - batchStarted),
      });
    } catch (error) {
      const failure = classify(source, error, fetched);
      if (failure === null) throw error;
      const message = redact(failure.message).text;
      if (failure.kind !== 'batch-failed') {
        tally.stop = { outcome: failure.kind, message, resumeAfter: failure.kind === 'quota-exhausted' ? failure.resumeAfter : null };
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

function unreachableHint(apiUrl: string): string {
  return `cannot reach ${apiUrl}: stopped before trying the other batches. Check the network and --api-url ` +
    '(NASA_API_BASE_URL); on a machine without internet run the pipeline on the bundled stand-in: npm start -- --offline';
}

function summarize(
  { config, manifest, source }: RunContext,
  tally: Tally,
  { planned, toRun, elapsedMs }: { planned: number; toRun: number; elapsedMs: number },
): IngestSummary {
  const { outputDir } = config;
  const dataset = datasetFigures(manifest, planned);
  const outcome: Outcome =
    tally.stop?.outcome ?? (tally.failed.length > 0 ? 'batches-failed' : dataset.quarantined > 0 ? 'quarantined' : 'ok');
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
      skipped: config.backfill === null ? planned - toRun : 0,
      notReached: toRun - tally.processed,
    },
    failed: tally.failed,
    rows: tally.rows,
    quarantined: tally.quarantined,
    dataset,
    requests,
    retries,
    elapsedMs,
    paths: {
      raw: join(outputDir, 'raw'),
      landing: join(outputDir, 'landing'),
      quarantine: join(outputDir, 'quarantine'),
      manifest: join(outputDir, MANIFEST_FILE),
    },
  };
}

/** Backfill and --from-landing redo their whole range; a normal run only what is not done and intact. */
async function selectWork(config: IngestConfig, manifest: Manifest, planned: number): Promise<Work[]> {
  if (config.backfill !== null) {
    return batchRange(config.backfill.start, config.backfill.end).map((batch) => ({ batch, reason: 'backfill' }));
  }
  if (config.fromLanding) return batchRange(1, planned).map((batch) => ({ batch, reason: 'rebuild from landing' }));
  const work: Work[] = [];
  for (const batch of batchRange(1, planned)) {
    const reason = await redoReason(config.outputDir, manifest.batches.get(batch), keptCount(batch, config));
    if (reason !== null) work.push({ batch, reason });
  }
  return work;
}

function warnAboutDemoKey(config: IngestConfig, requests: number, emit: EventSink): void {
  if (config.apiKey !== DEMO_KEY) return;
  const { hourly, daily } = DEMO_KEY_LIMITS;
  emit({
    type: 'warning',
    message:
      `using ${DEMO_KEY} (${config.keySource === 'default' ? 'no NASA_API_KEY set' : 'NASA_API_KEY is DEMO_KEY'}): ` +
      `limited to ${hourly} requests/hour and ${daily}/day per IP. Get a free key at https://api.nasa.gov and set NASA_API_KEY (environment or .env).`,
  });
  if (requests > hourly)
    emit({
      type: 'warning',
      message:
        `this run needs ${requests} requests, more than ${DEMO_KEY} allows per hour: ` +
        (config.onQuota === 'stop'
          ? 'expect it to stop at the quota (exit 5) and resume on a later run'
          : 'expect it to wait for the quota, up to an hour at a time'),
    });
}

function parseEnvelope(body: string, page: number) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new BatchProblem(`page ${page}: the response body is not JSON`);
  }
  const parsed = BrowsePageSchema.safeParse(json);
  if (!parsed.success) throw new BatchProblem(`page ${page}: the response is not a browse page`);
  if (parsed.data.page.number !== page)
    throw new BatchProblem(`page ${page}: the API answered page ${parsed.data.page.number} instead`);
  return parsed.data;
}

function checkReachable(config: IngestConfig, catalogue: number): void {
  if (config.total <= catalogue) return;
  throw new UsageError(
    `--total ${config.total} is more than the catalogue holds (${catalogue} NEOs); use --total ${catalogue} or less`,
  );
}

/** Lands, transforms and writes one batch, then marks it done: the order that makes a kill safe. */
async function completeBatch(
  { config, source, manifest, manifestWriter: writer }: RunContext,
  batch: number,
  fetched: FetchedPage,
  records: readonly unknown[],
): Promise<DoneEntry> {
  const { outputDir, batchSize, partitionSize } = config;
  const page = pageOfBatch(batch);
  const files = batchFiles(batch, partitionSize);
  const neos = keptCount(batch, config);
  const ingestedAt = fetched.requestedAt;
  const landingSha256 = sha256Text(fetched.body);

  if (source.mode === 'api') {
    await landPage(outputDir, files, fetched.body, {
      batch,
      page,
      size: batchSize,
      status: fetched.status,
      requestedAt: ingestedAt.toISOString(),
      attempts: fetched.attempts,
      apiUrl: manifest.params.apiUrl,
      bytes: Buffer.byteLength(fetched.body),
      sha256: landingSha256,
      redacted: true,
      redactions: fetched.redactions,
    });
  }
  // Only the first NEOs up to --total: the last batch of a run may keep part of its page.
  const transformed = transformPage({ near_earth_objects: records.slice(0, neos) }, { batchNumber: batch, ingestedAt });
  const written = await writeRawParquet(transformed.columns, join(outputDir, files.parquet));
  const quarantineFile = await writeQuarantine(outputDir, files.quarantine, transformed.quarantined, { batch, page, ingestedAt });

  const entry: DoneEntry = {
    batch,
    page,
    status: 'done',
    attempts: fetched.attempts,
    updatedAt: new Date().toISOString(),
    neos,
    rows: written.rows,
    quarantined: transformed.quarantined.length,
    parquet: files.parquet,
    bytes: written.bytes,
    sha256: written.sha256,
    landing: files.landingBody,
    landingSha256,
    quarantineFile,
    ingestedAt: ingestedAt.toISOString(),
  };
  await writer.record(entry);
  return entry;
}

function classify(source: PageSource, error: unknown, fetched: FetchedPage | undefined): SourceFailure | null {
  if (error instanceof BatchProblem) return { kind: 'batch-failed', message: error.message, attempts: fetched?.attempts ?? 0 };
  return source.classify(error);
}

/**
 * A failed batch that was done and intact before (a failed backfill) keeps its old files and entry. Any
 * other failed batch loses whatever files a killed earlier attempt left, so raw/ holds only done batches.
 */
async function recordFailure({ config, manifest, manifestWriter: writer, emit }: RunContext, batch: number, attempts: number, error: string): Promise<void> {
  const { outputDir } = config;
  const previous = manifest.batches.get(batch);
  if (previous?.status === 'done' && (await redoReason(outputDir, previous, previous.neos)) === null) {
    emit({ type: 'warning', message: `batch ${batch} keeps the data of its earlier successful fetch` });
    return;
  }
  const files = batchFiles(batch, config.partitionSize);
  await rm(join(outputDir, files.parquet), { force: true });
  await rm(join(outputDir, files.quarantine), { force: true });
  await writer.record({
    batch,
    page: pageOfBatch(batch),
    status: 'failed',
    attempts,
    updatedAt: new Date().toISOString(),
    error,
  });
}

function datasetFigures(manifest: Manifest, planned: number): IngestSummary['dataset'] {
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
