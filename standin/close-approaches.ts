// Synthetic close_approach_data: dates 1900-2200 in order, epoch ms matching the date, miss distances
// and velocities consistent across units, written as decimal strings the way the API writes them.
import type { CloseApproach } from '../core/schema.ts';
import type { Rng } from './random.ts';

const FIRST_MS = Date.UTC(1900, 0, 1);
const END_MS = Date.UTC(2201, 0, 1); // exclusive: the last approach falls in 2200
const MINUTE_MS = 60_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const KM_PER_AU = 149_597_870.7;
const KM_PER_LUNAR_DISTANCE = 384_400;
const KM_PER_MILE = 1.609344;

// Cumulative shares: most approaches are to Earth, the rest spread over the other bodies the API names.
const BODIES: readonly (readonly [string, number])[] = [
  ['Earth', 0.7],
  ['Moon', 0.82],
  ['Mars', 0.88],
  ['Venus', 0.94],
  ['Merc', 0.98],
  ['Juptr', 1],
];

// Decimal places as in real responses; toFixed is also several times cheaper than String(number).
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

function orbitingBody(rng: Rng): string {
  const u = rng.float();
  return (BODIES.find(([, upTo]) => u < upTo) ?? BODIES[0]!)[0];
}

/** `count` approaches, one per equal slice of 1900-2200 so they come out in date order without sorting. */
export function closeApproaches(rng: Rng, count: number): CloseApproach[] {
  const slotMs = (END_MS - FIRST_MS) / count;
  const approaches: CloseApproach[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const epochMs = Math.floor((FIRST_MS + (k + rng.float()) * slotMs) / MINUTE_MS) * MINUTE_MS;
    // getUTC* instead of toISOString(): this loop runs millions of times and toISOString costs ~1 us.
    const at = new Date(epochMs);
    const year = at.getUTCFullYear();
    const month = at.getUTCMonth();
    const day = pad2(at.getUTCDate());
    // A power above 1 skews towards near misses: about half the approaches are under 0.2 AU.
    const au = Number((0.0002 + 0.4998 * rng.float() ** 1.3).toFixed(10));
    const km = au * KM_PER_AU;
    const kmPerSecond = 1 + 39 * rng.float() ** 2;
    const kmPerHour = kmPerSecond * 3600;
    approaches[k] = {
      close_approach_date: `${year}-${pad2(month + 1)}-${day}`,
      close_approach_date_full: `${year}-${MONTHS[month]}-${day} ${pad2(at.getUTCHours())}:${pad2(at.getUTCMinutes())}`,
      epoch_date_close_approach: epochMs,
      relative_velocity: {
        kilometers_per_second: kmPerSecond.toFixed(10),
        kilometers_per_hour: kmPerHour.toFixed(10),
        miles_per_hour: (kmPerHour / KM_PER_MILE).toFixed(10),
      },
      miss_distance: {
        astronomical: au.toFixed(10),
        lunar: (km / KM_PER_LUNAR_DISTANCE).toFixed(10),
        kilometers: km.toFixed(9),
        miles: (km / KM_PER_MILE).toFixed(10),
      },
      orbiting_body: orbitingBody(rng),
    };
  }
  return approaches;
}
