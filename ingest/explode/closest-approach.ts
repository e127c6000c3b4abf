// The approach that defines a NEO's closest_approach_* columns: least miss_distance.astronomical to any
// body. Ties go to the earliest approach (epoch, else its date), then to the first listed, so the
// choice never depends on the order the API happened to send. It reads the NEO's already exploded
// approach rows, so no distance is parsed twice.
import { MS_PER_DAY } from './encodings.ts';
import type { RawColumnSet } from './raw-columns.ts';

/** Row of the closest approach among the approach rows [from, to), or -1 when the range is empty. */
export function closestApproachRow(c: RawColumnSet, from: number, to: number): number {
  const au = c.miss_distance_au.values;
  const epoch = c.approach_epoch_ms;
  const date = c.approach_date.values;
  let best = -1;
  let bestAu = Number.POSITIVE_INFINITY;
  let bestTime = Number.POSITIVE_INFINITY;
  for (let row = from; row < to; row++) {
    const distance = au[row] as number;
    if (distance > bestAu) continue;
    const time = epoch.valid[row] === 1 ? (epoch.values[row] as number) : (date[row] as number) * MS_PER_DAY;
    if (distance < bestAu || time < bestTime) {
      best = row;
      bestAu = distance;
      bestTime = time;
    }
  }
  return best;
}
