// Progress as log lines on a stream (stderr): timestamped text, or one JSON object per line for
// machines. Used when stderr is not a terminal, or with --log-format json.
import type { IngestEvent } from '../events.ts';
import { describeEvent, isAttention } from './event-text.ts';

export interface LineOptions {
  readonly format: 'text' | 'json';
  readonly quiet: boolean;
  readonly write: (line: string) => void;
  readonly now?: () => Date;
}

export function logLines({ format, quiet, write, now = () => new Date() }: LineOptions): (event: IngestEvent) => void {
  return (event) => {
    if (quiet && !isAttention(event)) return;
    const time = now().toISOString();
    if (format === 'json') {
      write(`${JSON.stringify({ time, ...event })}\n`);
      return;
    }
    const text = describeEvent(event);
    if (text !== null) write(`${time} ${text}\n`);
  };
}
