// One synthetic modern NEO from (seed, catalogue index), shaped like the NeoWs browse records.
// Position in the catalogue drives the look, as in the real browse order: numbered, bright, long-observed
// objects with hundreds of approaches first; recently found small objects with a handful last.
import type { Neo } from '../core/schema.ts';
import { closeApproaches } from './close-approaches.ts';
import { rngFor, type Rng } from './random.ts';

/** What a record's links echo: the server's base URL and the caller's key, as the real API does. */
export interface LinkContext {
  readonly baseUrl: string;
  readonly apiKey: string;
}

// Positions are scaled to the modern catalogue size, not the served one, so NEO i is the same record
// whatever the catalogue size.
const REFERENCE_SIZE = 40_000;
const NUMBERED_SHARE = 0.35;

// Approach counts: EARLY_APPROACHES x (0.5..1.5) at the start, decaying as exp(-(q/DECAY)^1.5), plus
// 1-8 for everyone. Tuned so a 40,000-NEO catalogue averages a little over 100 approaches per NEO.
const EARLY_APPROACHES = 400;
const DECAY = 0.28;
const NO_APPROACH_SHARE = 0.01;

const HALF_MONTH_LETTERS = 'ABCDEFGHJKLMNOPQRSTUVWXY';
const ORDER_LETTERS = 'ABCDEFGHJKLMNOPQRSTUVWXYZ';
const PROPER_NAMES = [
  'Eros',
  'Albert',
  'Alinda',
  'Ganymed',
  'Amor',
  'Icarus',
  'Betulia',
  'Geographos',
  'Ivar',
  'Toro',
  'Apollo',
  'Sisyphus',
  'Cuyo',
  'Anza',
  'Bacchus',
  'Hathor',
  'Orpheus',
  'Toutatis',
  'Castalia',
  'Nereus',
  'Cerberus',
  'Khufu',
  'Midas',
  'Aten',
  'Hermes',
  'Apophis',
  'Bennu',
  'Ryugu',
  'Itokawa',
  'Didymos',
  'Phaethon',
] as const;

const ORBIT_CLASSES = {
  AMO: ['Near-Earth asteroid orbits similar to that of 1221 Amor', '1.017 AU < q (perihelion) < 1.3 AU'],
  APO: [
    "Near-Earth asteroid orbits which cross the Earth's orbit similar to that of 1862 Apollo",
    'a (semi-major axis) > 1.0 AU; q (perihelion) < 1.017 AU',
  ],
  ATE: [
    'Near-Earth asteroid orbits similar to that of 2062 Aten',
    'a (semi-major axis) < 1.0 AU; Q (aphelion) > 0.983 AU',
  ],
  IEO: [
    'An asteroid orbit contained entirely within the orbit of the Earth - Interior Earth Object.',
    'Q (aphelion) < 0.983 AU',
  ],
} as const;

const DAY_MS = 86_400_000;
const JUPITER_AU = 5.2026;
const LAST_OBSERVATION_MS = Date.UTC(2025, 5, 30);

/** The number of approaches NEO `index` gets; drawn first from its stream so it is cheap to ask alone. */
function drawApproachCount(rng: Rng, q: number): number {
  if (rng.chance(NO_APPROACH_SHARE)) return 0;
  const envelope = EARLY_APPROACHES * Math.exp(-((q / DECAY) ** 1.5));
  return Math.round(envelope * (0.5 + rng.float())) + rng.int(1, 8);
}

export function approachCountOf(seed: number, index: number): number {
  return drawApproachCount(rngFor(seed, index), index / REFERENCE_SIZE);
}

/** The API writes orbital elements as strings, values below 1 with a bare leading dot. */
function decimal(value: number): string {
  const text = String(value);
  return text.startsWith('0.') ? text.slice(1) : text;
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function diameters(h: number): Neo['estimated_diameter'] {
  // The API's diameters: albedo 0.25 (min) and 0.05 (max) in D = 1329 km / sqrt(albedo) * 10^(-H/5).
  const minKm = (1329 / Math.sqrt(0.25)) * 10 ** (-h / 5);
  const maxKm = (1329 / Math.sqrt(0.05)) * 10 ** (-h / 5);
  const range = (factor: number) => ({
    estimated_diameter_min: round(minKm * factor, 10),
    estimated_diameter_max: round(maxKm * factor, 10),
  });
  return { kilometers: range(1), meters: range(1000), miles: range(0.621371192), feet: range(3280.839895) };
}

function orbitClass(a: number, perihelion: number, aphelion: number): keyof typeof ORBIT_CLASSES {
  if (a < 1) return aphelion > 0.983 ? 'ATE' : 'IEO';
  return perihelion < 1.017 ? 'APO' : 'AMO';
}

/** Provisional designation unique per index, e.g. `2015 RC12`. */
function provisionalDesignation(index: number, year: number): string {
  const cycle = Math.floor(index / 600);
  const halfMonth = HALF_MONTH_LETTERS[index % 24];
  const order = ORDER_LETTERS[Math.floor(index / 24) % 25];
  return `${year} ${halfMonth}${order}${cycle > 0 ? cycle : ''}`;
}

function orbitalData(rng: Rng, q: number, numbered: boolean, discoveryYear: number, moid: number) {
  const perihelion = rng.between(0.1, 1.3);
  const a = Math.max(perihelion + 0.05, rng.between(0.6, 1) + rng.float() ** 2 * 3);
  const e = 1 - perihelion / a;
  const aphelion = a * (1 + e);
  const period = 365.256898326 * a ** 1.5;
  const inclination = rng.float() ** 2 * 60;
  const tisserand =
    JUPITER_AU / a + 2 * Math.cos((inclination * Math.PI) / 180) * Math.sqrt((a / JUPITER_AU) * (1 - e * e));
  const firstMs = Math.min(LAST_OBSERVATION_MS, Date.UTC(discoveryYear, rng.int(0, 11), rng.int(1, 28)));
  const arcDays = numbered ? rng.int(2000, 30_000) : Math.round(1 + rng.float() ** 3 * 6000);
  const lastMs = Math.min(LAST_OBSERVATION_MS, firstMs + arcDays * DAY_MS);
  const determinedMs = Math.max(lastMs, Date.UTC(2021, 0, 1)) + rng.int(0, 400) * DAY_MS + rng.int(0, DAY_MS - 1);
  const cls = orbitClass(a, perihelion, aphelion);
  return {
    orbit_id: String(numbered ? rng.int(50, 900) : rng.int(1, 40)),
    orbit_determination_date: new Date(Math.min(determinedMs, LAST_OBSERVATION_MS))
      .toISOString()
      .slice(0, 19)
      .replace('T', ' '),
    first_observation_date: isoDate(firstMs),
    last_observation_date: isoDate(lastMs),
    data_arc_in_days: Math.round((lastMs - firstMs) / DAY_MS),
    observations_used: numbered ? rng.int(300, 9000) : rng.int(5, 60 + Math.round(400 * (1 - q))),
    orbit_uncertainty: String(numbered ? rng.int(0, 1) : rng.int(0, 9)),
    minimum_orbit_intersection: decimal(round(moid, 7)),
    jupiter_tisserand_invariant: tisserand.toFixed(3),
    epoch_osculation: '2460800.5',
    eccentricity: decimal(e),
    semi_major_axis: decimal(a),
    inclination: decimal(inclination),
    ascending_node_longitude: decimal(rng.between(0, 360)),
    orbital_period: decimal(period),
    perihelion_distance: decimal(perihelion),
    perihelion_argument: decimal(rng.between(0, 360)),
    aphelion_distance: decimal(aphelion),
    perihelion_time: (2460800.5 + rng.between(-period, period)).toFixed(10),
    mean_anomaly: decimal(rng.between(0, 360)),
    mean_motion: decimal(360 / period),
    equinox: 'J2000',
    orbit_class: {
      orbit_class_type: cls,
      orbit_class_description: ORBIT_CLASSES[cls][0],
      orbit_class_range: ORBIT_CLASSES[cls][1],
    },
  };
}

interface Identity {
  readonly id: string;
  readonly numbered: boolean;
  readonly number: number;
  readonly discoveryYear: number;
  readonly provisional: string;
  readonly properName: string | undefined;
}

/** Who NEO `index` is: drawn right after its approach count, before anything costly. */
function drawIdentity(rng: Rng, index: number, q: number): Identity {
  const numbered = q < NUMBERED_SHARE;
  const discoveryYear = numbered
    ? 1930 + Math.floor((q / NUMBERED_SHARE) * 68)
    : Math.min(2025, 1998 + Math.floor(((q - NUMBERED_SHARE) / (1 - NUMBERED_SHARE)) * 28));
  const provisional = provisionalDesignation(index, discoveryYear);
  // Numbered ids stay below 2453100, unnumbered ones use the modern 54xxxxxx range: neither can collide
  // with the 2017 fixture records spliced into the catalogue.
  const number = 1000 + index * 30 + rng.int(0, 29);
  const id = String(numbered ? 2_000_000 + number : 54_000_000 + index * 50 + rng.int(0, 49));
  const properName = numbered && rng.chance(0.25) ? rng.pick(PROPER_NAMES) : undefined;
  return { id, numbered, number, discoveryYear, provisional, properName };
}

/** The id of NEO `index` without building it: listing a whole catalogue asks for 40,000 of them. */
export function idOf(seed: number, index: number): string {
  const rng = rngFor(seed, index);
  const q = index / REFERENCE_SIZE;
  drawApproachCount(rng, q);
  return drawIdentity(rng, index, q).id;
}

export function generateNeo(seed: number, index: number, links: LinkContext): Neo {
  const rng = rngFor(seed, index);
  const q = index / REFERENCE_SIZE;
  const approachCount = drawApproachCount(rng, q);
  const { id, numbered, number, discoveryYear, provisional, properName } = drawIdentity(rng, index, q);
  const h = round(Math.min(33, Math.max(9.5, 10 + 18 * q ** 0.6 + rng.between(-1.2, 1.2))), 2);
  const moid = rng.float() * 0.5;
  const hazardous = h <= 22 && moid <= 0.05;
  return {
    links: { self: `${links.baseUrl}/neo/rest/v1/neo/${id}?api_key=${encodeURIComponent(links.apiKey)}` },
    id,
    neo_reference_id: id,
    name: numbered ? `${number} ${properName ? `${properName} ` : ''}(${provisional})` : `(${provisional})`,
    ...(properName ? { name_limited: properName } : {}),
    designation: numbered ? String(number) : provisional,
    nasa_jpl_url: `https://ssd.jpl.nasa.gov/tools/sbdb_lookup.html#/?sstr=${id}`,
    absolute_magnitude_h: h,
    estimated_diameter: diameters(h),
    is_potentially_hazardous_asteroid: hazardous,
    close_approach_data: closeApproaches(rng, approachCount),
    orbital_data: orbitalData(rng, q, numbered, discoveryYear, moid),
    is_sentry_object: !numbered && h > 22 && moid < 0.01 && rng.chance(0.3),
  };
}
