// Where a run gets its pages: the API (through the polite client) or the landing zone. The run does not
// care which; each source says how its errors classify.

export interface FetchedPage {
  /** The body as received, with the key already redacted. */
  readonly body: string;
  /** How many key occurrences the redactor replaced. */
  readonly redactions: number;
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

export interface PageSource {
  readonly mode: 'api' | 'landing';
  fetch(batch: number, page: number, size: number): Promise<FetchedPage>;
  /** What a thrown error means, or null for an unexpected one (rethrown: exit 1). */
  classify(error: unknown): SourceFailure | null;
  stats(): { readonly requests: number; readonly retries: number };
  /** Releases connections; the run calls it once, whatever happened. */
  close(): void;
}
