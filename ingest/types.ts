// The ingest's shared types in one place: the command's configuration, the page sources a run reads
// from and the summary it returns. Types only, so any folder may import them. The events a run reports
// are the run's stream to its presenters and live beside this file in events.ts.
import type { Manifest, ManifestEntry } from '../core/manifest.ts';
import type { BrowsePage } from '../core/schema.ts';
import type { EventSink } from './events.ts';
import type { ExitCode } from './exit-codes.ts';

export type QuotaPolicy = 'wait' | 'stop';
export type LogFormat = 'text' | 'json';
export type KeySource = 'environment' | '.env' | 'default';

export interface IngestConfig {
  readonly total: number;
  readonly batchSize: number;
  readonly partitionSize: number;
  /** Absolute. */
  readonly outputDir: string;
  /** 1-based inclusive batch range to re-fetch and replace, or null for a normal (resuming) run. */
  readonly backfill: { readonly start: number; readonly end: number } | null;
  /** Requests per second. */
  readonly rate: number;
  /** Without a trailing slash and without any key. */
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly keySource: KeySource;
  readonly onQuota: QuotaPolicy;
  /** Rebuild raw/ and quarantine/ from landing/ without calling the API. */
  readonly fromLanding: boolean;
  /** Re-fetch the range into a staging generation until one of at most refreshPasses passes agrees. */
  readonly refresh: boolean;
  readonly refreshPasses: number;
  /** Wait for another run holding the output dir instead of exiting 9. */
  readonly waitLock: boolean;
  readonly quiet: boolean;
  readonly logFormat: LogFormat;
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly timeoutMs: number;
  /** The gateway's rolling quota window; decides when a used-up quota frees again. */
  readonly quotaWindowMs: number;
}

/** Flags as commander hands them over: strings as typed, booleans for switches. */
export interface CliFlags {
  total?: string;
  batchSize?: string;
  partitionSize?: string;
  outputDir?: string;
  backfill?: string[];
  rate?: string;
  apiUrl?: string;
  onQuota?: string;
  fromLanding?: boolean;
  refresh?: boolean;
  refreshPasses?: string;
  waitLock?: boolean;
  quiet?: boolean;
  logFormat?: string;
  maxRetries?: string;
  retryBaseMs?: string;
  timeoutMs?: string;
  quotaWindowMs?: string;
}

export interface ConfigSources {
  readonly flags: CliFlags;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Parsed .env file (empty when there is none). */
  readonly dotenv: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** The output dir's recorded parameters (manifest.json): this run's defaults; none for a new dir. */
  readonly recorded?: Partial<Pick<IngestConfig, 'total' | 'batchSize' | 'partitionSize'>>;
}

export interface Redaction {
  readonly text: string;
  /** How many places held the key. */
  readonly count: number;
}

/** Replaces the API key wherever a text holds it. */
export type Redactor = (text: string) => Redaction;

/** Where a run gets its pages: the API (through the polite client) or the landing zone. */
export type RunMode = 'api' | 'landing';

/** One page as a source hands it to the run. */
export interface FetchedPage {
  /** The body as received, with the key already redacted: what lands. */
  readonly body: string;
  /** How many key occurrences the redactor replaced. */
  readonly redactions: number;
  /** The body parsed and checked as a browse page, once, by the source. */
  readonly page: BrowsePage;
  readonly status: number;
  readonly requestedAt: Date;
  readonly attempts: number;
}

/** Errors that stop a batch or the run, as opposed to bugs. */
export type SourceFailure =
  | { readonly kind: 'key-rejected'; readonly message: string }
  | { readonly kind: 'quota-exhausted'; readonly message: string; readonly resumeAfter: Date | null }
  | {
      readonly kind: 'batch-failed';
      readonly message: string;
      readonly attempts: number;
      /** No attempt reached the server at all (DNS, connection refused): likely no route to the API. */
      readonly unreachable?: boolean;
    };

/** The run does not care which source it reads; each source says how its errors classify. */
export interface PageSource {
  readonly mode: RunMode;
  fetch(batch: number, page: number, size: number): Promise<FetchedPage>;
  /** What a thrown error means, or null for an unexpected one (rethrown: exit 1). */
  classify(error: unknown): SourceFailure | null;
  stats(): { readonly requests: number; readonly retries: number };
  /** Releases connections; the run calls it once, whatever happened. */
  close(): void;
}

/** A batch this run will (re)do, and why. */
export interface Work {
  readonly batch: number;
  readonly reason: string;
}

export type StopOutcome = 'quota-exhausted' | 'key-rejected' | 'interrupted';
export type Outcome = 'ok' | 'quarantined' | 'inconsistent' | 'refresh-unsettled' | 'batches-failed' | StopOutcome;

/** Why a run stopped before its last batch. */
export interface Stop {
  readonly outcome: Outcome;
  readonly message: string;
  readonly resumeAfter: Date | null;
}

/** What the batches of one run came to. */
export interface Tally {
  done: number;
  rows: number;
  quarantined: number;
  /** Batches attempted: done, failed, or (in a verification pass) found as recorded. */
  processed: number;
  readonly failed: Array<{ batch: number; error: string }>;
  stop: Stop | null;
}

/** How a run records batches as it goes. */
export interface ManifestWriter {
  /** Sets the entry in memory and makes it durable on disk before resolving. */
  record(entry: ManifestEntry): Promise<void>;
  /** Folds the journal into manifest.json; nothing to do when there is no journal. */
  fold(): Promise<void>;
  /** Records the dataset's total: in manifest.json now, or with the first entry. */
  recordTotal(total: number): Promise<void>;
}

/** What every step of a run needs. */
export interface RunContext {
  readonly config: IngestConfig;
  readonly manifest: Manifest;
  readonly manifestWriter: ManifestWriter;
  readonly source: PageSource;
  readonly redact: Redactor;
  readonly emit: EventSink;
}

/** What runIngest returns: the outcome (and its exit code) plus the figures the summary table prints. */
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
  /** Present only when the planned batches are not one snapshot (exit 7), and for --refresh. */
  readonly consistency?: Consistency;
  readonly refresh?: RefreshFigures;
  readonly requests: number;
  readonly retries: number;
  readonly elapsedMs: number;
  readonly paths: {
    readonly raw: string;
    readonly landing: string;
    readonly quarantine: string;
    readonly manifest: string;
  };
}

/** Whether the planned batches are one snapshot of the catalogue: no id in two batches, one catalogue size. */
export interface Consistency {
  readonly consistent: boolean;
  readonly duplicates: ReadonlyArray<{ readonly id: string; readonly batches: readonly number[] }>;
  /** Batches fetched when total_elements was `from`, where the dataset's latest fetch saw `to`. */
  readonly moves: ReadonlyArray<{ readonly batches: readonly number[]; readonly from: number; readonly to: number }>;
  readonly messages: readonly string[];
}

/** What a --refresh did: its generation folder (`.gen-<n>`), passes, drifted batches re-written, switched. */
export type RefreshFigures = { generation: number; passes: number; rewritten: number; switched: boolean };
