// The one way this package waits for something: try, pause, try again, until an answer or the time is
// up. The pause is a referenced timer, so a wait keeps the process alive until it ends one way or another;
// a pause cut short by `wake` cancels its timer, which would otherwise hold the process that long after.
import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  /** Gives up after this long; Infinity for a wait that only `wake` ends. */
  readonly timeoutMs: number;
  readonly intervalMs: number;
  /** Cuts a pause short when it settles, so the next attempt sees what changed. */
  readonly wake?: Promise<unknown>;
}

/** Calls `attempt` until it returns a value other than undefined; null when timeoutMs passed first. */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, options: PollOptions): Promise<T | null> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    const left = deadline - performance.now();
    if (left <= 0) return null;
    const pause = new AbortController();
    const slept = sleep(Math.min(options.intervalMs, left), undefined, { signal: pause.signal }).catch(() => {});
    await Promise.race([slept, options.wake ?? new Promise(() => {})]).finally(() => pause.abort());
  }
}
