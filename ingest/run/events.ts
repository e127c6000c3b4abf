// What a run reports while it goes: the CLI turns these into a progress bar or log lines, an in-process
// caller (npm start) can watch them. No event carries the API key.

export type RunMode = 'api' | 'landing';

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
  | { readonly type: 'warning'; readonly message: string }
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
  | { readonly type: 'stop'; readonly message: string };

export type EventSink = (event: IngestEvent) => void;
