// The run's events: the one stream from a run to what shows it (ingest/report/, npm start). Types only,
// like types.ts, so any folder may import them.
import type { RunMode } from './types.ts';

/** What a run reports while it goes (progress bar, log lines, npm start). No event carries the API key. */
export type IngestEvent =
  | {
      readonly type: 'start';
      readonly mode: RunMode;
      readonly outputDir: string;
      /** Batches of --total at --batch-size. */
      readonly planned: number;
      /** Batches this run will fetch or rebuild. */
      readonly toRun: number;
      readonly backfill: { readonly start: number; readonly end: number } | null;
    }
  | { readonly type: 'warning' | 'info'; readonly message: string }
  | { readonly type: 'batch-start'; readonly batch: number; readonly page: number; readonly reason: string }
  | {
      readonly type: 'batch-done';
      readonly batch: number;
      readonly page: number;
      readonly rows: number;
      readonly quarantined: number;
      readonly attempts: number;
      readonly ms: number;
    }
  | {
      readonly type: 'batch-failed';
      readonly batch: number;
      readonly page: number;
      readonly attempts: number;
      readonly error: string;
    }
  | {
      readonly type: 'retry';
      readonly page: number;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | { readonly type: 'rate-limit'; readonly limit: number | null; readonly remaining: number | null }
  | { readonly type: 'quota-wait'; readonly until: Date }
  | { readonly type: 'stop'; readonly message: string }
  /** compact: full partitions' per-batch files become one file each; split: back, for work in them. */
  | { readonly type: 'compaction-start'; readonly partitions: number; readonly action: 'compact' | 'split' }
  | { readonly type: 'partition-swapped'; readonly folder: string; readonly action: string; readonly ms: number };

export type EventSink = (event: IngestEvent) => void;
