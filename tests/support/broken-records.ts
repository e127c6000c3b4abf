// Records broken in every way the ingest's validation knows (each kind of check in NeoSchema), as
// breakers for the stand-in's withBrokenRecords, each with the reason validation must give.
import type { RecordBreaker } from '../../standin/catalogue.ts';

/** A record as JSON lets any field be removed or mistyped. */
// Untyped on purpose: a breaker reaches any depth of a record to break it, which no schema type allows.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export const edit =
  (change: (neo: Json) => void): RecordBreaker =>
  (neo) => {
    change(neo as Json);
    return neo;
  };
const approach = (neo: Json): Json => neo.close_approach_data[0];

/** [what is broken, how, the reason validation must give]. */
export const BREAKAGES: ReadonlyArray<readonly [string, RecordBreaker, RegExp]> = [
  ['record is a string', () => 'garbage', /^record: expected object, got string$/],
  ['record is null', () => null, /^record: expected object, got null$/],
  ['record is an array', () => [1, 2], /^record: expected object, got array$/],
  ['name missing', edit((n) => delete n.name), /^name: missing \(expected string\)$/],
  ['name empty', edit((n) => (n.name = '')), /^name: Too small: expected string to have >=1 characters$/],
  ['no id at all', edit((n) => (delete n.id, delete n.neo_reference_id)), /^id: missing id and neo_reference_id$/],
  ['id empty', edit((n) => (n.id = '')), /^id: Too small/],
  [
    'hazard flag a string',
    edit((n) => (n.is_potentially_hazardous_asteroid = 'false')),
    /^is_potentially_hazardous_asteroid: expected boolean, got string$/,
  ],
  [
    'sentry flag a string',
    edit((n) => (n.is_sentry_object = 'yes')),
    /^is_sentry_object: expected boolean, got string$/,
  ],
  [
    'magnitude a string',
    edit((n) => (n.absolute_magnitude_h = '22.1')),
    /^absolute_magnitude_h: expected number, got string$/,
  ],
  [
    'diameter a string',
    edit((n) => (n.estimated_diameter.meters.estimated_diameter_min = 'big')),
    /^estimated_diameter\.meters\.estimated_diameter_min: expected number, got string$/,
  ],
  [
    'approaches missing',
    edit((n) => delete n.close_approach_data),
    /^close_approach_data: missing \(expected array\)$/,
  ],
  [
    'approaches an object',
    edit((n) => (n.close_approach_data = {})),
    /^close_approach_data: expected array, got object$/,
  ],
  [
    'approach date not YYYY-MM-DD',
    edit((n) => (approach(n).close_approach_date = '2023/01/05')),
    /^close_approach_data\[0\]\.close_approach_date: not a YYYY-MM-DD date$/,
  ],
  [
    'approach date not a calendar day',
    edit((n) => (approach(n).close_approach_date = '2023-02-29')),
    /^close_approach_data\[0\]\.close_approach_date: not a calendar date$/,
  ],
  [
    'miss distance missing',
    edit((n) => delete approach(n).miss_distance),
    /^close_approach_data\[0\]\.miss_distance: missing \(expected object\)$/,
  ],
  [
    'AU not a decimal',
    edit((n) => (approach(n).miss_distance.astronomical = 'far')),
    /^close_approach_data\[0\]\.miss_distance\.astronomical: not a decimal number$/,
  ],
  [
    'velocity not a decimal',
    edit((n) => (approach(n).relative_velocity.kilometers_per_second = 'fast')),
    /^close_approach_data\[0\]\.relative_velocity\.kilometers_per_second: not a decimal number$/,
  ],
  [
    'epoch not an integer',
    edit((n) => (approach(n).epoch_date_close_approach = 1.5)),
    /^close_approach_data\[0\]\.epoch_date_close_approach: expected int, got number$/,
  ],
  [
    'orbiting body a number',
    edit((n) => (approach(n).orbiting_body = 3)),
    /^close_approach_data\[0\]\.orbiting_body: expected string, got number$/,
  ],
  ['orbital data a string', edit((n) => (n.orbital_data = 'none')), /^orbital_data: expected object, got string$/],
  [
    'observations beyond Int32',
    edit((n) => (n.orbital_data.observations_used = 3_000_000_000)),
    /^orbital_data\.observations_used: Too big: expected number to be <=2147483647$/,
  ],
  [
    'first observation not a calendar day',
    edit((n) => (n.orbital_data.first_observation_date = '1999-13-01')),
    /^orbital_data\.first_observation_date: not a calendar date$/,
  ],
  [
    'orbital period not a decimal',
    edit((n) => (n.orbital_data.orbital_period = 'long')),
    /^orbital_data\.orbital_period: not a decimal number$/,
  ],
];
