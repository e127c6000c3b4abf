// What the client reports as it goes, for the orchestrator to log or show as progress. Payloads hold
// no URLs and no key.
import type { FaultReason } from './errors.ts';
import type { RateLimitInfo } from './quota.ts';

export type FetchEvent =
  | { readonly type: 'request'; readonly page: number; readonly attempt: number; readonly at: Date }
  | {
      readonly type: 'response';
      readonly page: number;
      readonly attempt: number;
      readonly status: number;
      readonly bytes: number;
      readonly durationMs: number;
      readonly rateLimit: RateLimitInfo;
    }
  | {
      readonly type: 'retry';
      readonly page: number;
      /** The attempt that failed. */
      readonly attempt: number;
      readonly reason: FaultReason;
      readonly status?: number;
      readonly message: string;
      /** Backoff before the next attempt; 0 when the quota wait takes its place. */
      readonly delayMs: number;
    }
  | { readonly type: 'quota-wait'; readonly page: number; readonly resumeAt: Date; readonly waitMs: number }
  | { readonly type: 'quota-exhausted'; readonly page: number; readonly resumeAt: Date };

export type FetchEventListener = (event: FetchEvent) => void;
