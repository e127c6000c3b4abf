// One human line per event worth a line; shared by the plain log and the lines printed above the bar.
import type { IngestEvent } from '../run/events.ts';

/** Events still shown with --quiet: what needs a person's attention. */
export function isAttention(event: IngestEvent): boolean {
  return event.type === 'warning' || event.type === 'batch-failed' || event.type === 'stop' || event.type === 'quota-wait';
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

export function describeEvent(event: IngestEvent): string | null {
  switch (event.type) {
    case 'start': {
      const scope = event.backfill === null ? `${event.planned} planned` : `backfill ${event.backfill.start}-${event.backfill.end}`;
      const verb = event.mode === 'landing' ? 'to rebuild from landing' : 'to fetch';
      return `start: ${plural(event.planned, 'batch', 'batches')} (${scope}), ${event.toRun} ${verb}, into ${event.outputDir}`;
    }
    case 'warning':
      return `warning: ${event.message}`;
    case 'batch-done':
      return `batch ${event.batch} page ${event.page}: ${plural(event.rows, 'row')}, ${event.quarantined} quarantined, ${plural(event.attempts, 'attempt')}, ${event.ms} ms`;
    case 'batch-failed':
      return `batch ${event.batch} page ${event.page} FAILED after ${plural(event.attempts, 'attempt')}: ${event.error}`;
    case 'retry':
      return `retry: page ${event.page} attempt ${event.attempt} in ${event.delayMs} ms (${event.reason})`;
    case 'quota-wait':
      return `quota exhausted: waiting until ${event.until.toISOString()} (use --on-quota stop to stop instead)`;
    case 'stop':
      return `stopped: ${event.message}`;
    case 'batch-start':
    case 'rate-limit':
      return null;
  }
}
