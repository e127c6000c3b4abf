// The terminal view: one cli-progress bar (batches, rows, quota left, ETA) with warnings and failures
// printed above it. Per-batch lines are left to the bar.
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { IngestEvent } from '../events.ts';
import { describeEvent } from './event-text.ts';

export interface ProgressBar {
  readonly onEvent: (event: IngestEvent) => void;
  /** Leaves the bar's last state on screen. */
  readonly stop: () => void;
}

export function progressBar(stream: NodeJS.WritableStream): ProgressBar {
  const bars = new MultiBar(
    {
      stream,
      format:
        ' {bar} {value}/{total} batches | {rows} rows | {quarantined} quarantined' +
        ' | quota {quota} | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
      barsize: 20,
    },
    Presets.shades_classic,
  );
  const payload = { rows: 0, quarantined: 0, quota: '?' };
  let bar: SingleBar | null = null;
  return {
    onEvent(event) {
      switch (event.type) {
        case 'start':
          bar = bars.create(event.toRun, 0, payload);
          break;
        case 'batch-done':
          payload.rows += event.rows;
          payload.quarantined += event.quarantined;
          bar?.increment(1, payload);
          break;
        case 'rate-limit':
          if (event.remaining !== null) {
            payload.quota = event.limit === null ? `${event.remaining}` : `${event.remaining}/${event.limit}`;
          }
          bar?.update(payload);
          break;
        default: {
          if (event.type === 'batch-failed') bar?.increment(1, payload);
          const text = describeEvent(event);
          if (text !== null) bars.log(`${text}\n`);
        }
      }
    },
    stop: () => bars.stop(),
  };
}
