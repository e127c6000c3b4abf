// One human line per event worth a line; shared by the plain log and the lines printed above the bar.
import type { IngestEvent } from '../events.ts';

/** Events still shown with --quiet: what needs a person's attention. */
export function isAttention(event: IngestEvent): boolean {
  const { type } = event;
  return type === 'warning' || type === 'batch-failed' || type === 'stop' || type === 'quota-wait';
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

export function describeEvent(event: IngestEvent): string | null {
  switch (event.type) {
    case 'start': {
      const { backfill, planned } = event;
      const scope = backfill === null ? `${planned} planned` : `backfill ${backfill.start}-${backfill.end}`;
      const verb = event.mode === 'landing' ? 'to rebuild from landing' : 'to fetch';
      const batches = plural(planned, 'batch', 'batches');
      return `start: ${batches} (${scope}), ${event.toRun} ${verb}, into ${event.outputDir}`;
    }
    case 'warning':
      return `warning: ${event.message}`;
    case 'info':
      return event.message;
    case 'batch-done':
      return (
        `batch ${event.batch} page ${event.page}: ${plural(event.rows, 'row')}, ` +
        `${event.quarantined} quarantined, ${plural(event.attempts, 'attempt')}, ${event.ms} ms`
      );
    case 'batch-failed': {
      const attempts = plural(event.attempts, 'attempt');
      return `batch ${event.batch} page ${event.page} FAILED after ${attempts}: ${event.error}`;
    }
    case 'retry':
      return `retry: page ${event.page} attempt ${event.attempt} in ${event.delayMs} ms (${event.reason})`;
    case 'quota-wait':
      return `quota exhausted: waiting until ${event.until.toISOString()} (use --on-quota stop to stop instead)`;
    case 'stop':
      return `stopped: ${event.message}`;
    case 'compaction-start':
      return `${event.action}: ${plural(event.partitions, 'partition folder')}`;
    case 'partition-swapped':
      return `${event.action}: raw/${event.folder} swapped in, ${event.ms} ms`;
    case 'batch-start':
    case 'rate-limit':
      return null;
  }
}
