// The approach that defines a NEO's closest_approach_* columns: least miss_distance.astronomical to any
// body. Ties go to the earliest approach (epoch, else its date), then to the first listed, so the
// choice never depends on the order the API happened to send.
import type { CloseApproach } from '../schema.ts';
import { MS_PER_DAY, day } from './encodings.ts';

export function closestApproach(approaches: readonly CloseApproach[]): CloseApproach | undefined {
  let best: CloseApproach | undefined;
  let bestAu = Number.POSITIVE_INFINITY;
  let bestTime = Number.POSITIVE_INFINITY;
  for (const approach of approaches) {
    const au = Number(approach.miss_distance.astronomical);
    if (au > bestAu) continue;
    const time = approachTime(approach);
    if (au < bestAu || time < bestTime) {
      best = approach;
      bestAu = au;
      bestTime = time;
    }
  }
  return best;
}

function approachTime(approach: CloseApproach): number {
  return approach.epoch_date_close_approach ?? (day(approach.close_approach_date) ?? 0) * MS_PER_DAY;
}
