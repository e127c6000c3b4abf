// The one place that describes data shapes: what the NeoWs Browse API sends (zod schemas, from which the
// TypeScript types are inferred) and what the raw Parquet files hold (the column contract Spark reads).
// Validation, explode and the Parquet writer all derive from the definitions here.
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------
// API shape
// ---------------------------------------------------------------------------------------------------

/** A decimal as the API writes it: a string, sometimes with a bare leading dot (".5075712266276072"). */
export const DecimalString = z.string().regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, 'not a decimal number');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether a `YYYY-MM-DD` string (digits checked by the regex before) names a real proleptic Gregorian
 * day. Character arithmetic, not a Date per value: every approach carries a date, and Date parsing was
 * half the cost of validating a page. */
function isCalendarDate(s: string): boolean {
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (month !== 2) return day >= 1 && day <= (DAYS_IN_MONTH[month - 1] ?? 0);
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day >= 1 && day <= (leap ? 29 : 28);
}

function twoDigits(s: string, at: number): number {
  return (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;
}

/** `YYYY-MM-DD` that is a real calendar date. */
export const IsoDate = z
  .string()
  // abort: a string that is not YYYY-MM-DD at all should not also be reported as "not a calendar date".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'not a YYYY-MM-DD date', abort: true })
  .refine(isCalendarDate, 'not a calendar date');

const DiameterRange = z.object({
  estimated_diameter_min: z.number(),
  estimated_diameter_max: z.number(),
});

export const CloseApproachSchema = z.looseObject({
  close_approach_date: IsoDate,
  close_approach_date_full: z.string().optional(),
  epoch_date_close_approach: z.number().int().optional(),
  relative_velocity: z
    .looseObject({
      kilometers_per_second: DecimalString.optional(),
      kilometers_per_hour: DecimalString.optional(),
      miles_per_hour: DecimalString.optional(),
    })
    .optional(),
  miss_distance: z.looseObject({
    astronomical: DecimalString,
    lunar: DecimalString.optional(),
    kilometers: DecimalString.optional(),
    miles: DecimalString.optional(),
  }),
  orbiting_body: z.string().optional(),
});

export const OrbitalDataSchema = z.looseObject({
  orbit_id: z.string().optional(),
  orbit_determination_date: z.string().optional(),
  first_observation_date: IsoDate.optional(),
  last_observation_date: IsoDate.optional(),
  data_arc_in_days: z.number().optional(),
  // The raw column is Int32: a larger count must be quarantined, not wrapped.
  observations_used: z.int32().optional(),
  orbital_period: DecimalString.optional(),
});

/**
 * One NEO as validated. Required: an id (`id`, or `neo_reference_id` in older responses), `name`,
 * `is_potentially_hazardous_asteroid`, and `close_approach_data` whose entries have a valid date and
 * astronomical distance. Everything else is optional, but when present must have its documented type:
 * a wrong-typed value is quarantined, not silently nulled.
 */
export const NeoSchema = z
  .looseObject({
    id: z.string().min(1).optional(),
    neo_reference_id: z.string().min(1).optional(),
    name: z.string().min(1),
    name_limited: z.string().optional(),
    designation: z.string().optional(),
    nasa_jpl_url: z.string().optional(),
    absolute_magnitude_h: z.number().optional(),
    estimated_diameter: z
      .looseObject({
        kilometers: DiameterRange.optional(),
        meters: DiameterRange.optional(),
        miles: DiameterRange.optional(),
        feet: DiameterRange.optional(),
      })
      .optional(),
    is_potentially_hazardous_asteroid: z.boolean(),
    is_sentry_object: z.boolean().optional(),
    close_approach_data: z.array(CloseApproachSchema),
    orbital_data: OrbitalDataSchema.optional(),
  })
  .refine((neo) => neo.id !== undefined || neo.neo_reference_id !== undefined, {
    message: 'missing id and neo_reference_id',
    path: ['id'],
  });

/** The page envelope. NEOs are validated one by one, so one bad record does not sink its page. */
export const BrowsePageSchema = z.looseObject({
  links: z.record(z.string(), z.string()).optional(),
  page: z.object({
    size: z.number().int(),
    total_elements: z.number().int(),
    total_pages: z.number().int(),
    number: z.number().int(),
  }),
  near_earth_objects: z.array(z.unknown()),
});

export type CloseApproach = z.infer<typeof CloseApproachSchema>;
export type Neo = z.infer<typeof NeoSchema>;
export type BrowsePage = z.infer<typeof BrowsePageSchema>;

// ---------------------------------------------------------------------------------------------------
// Raw Parquet contract: one row per close approach (explode-outer), NEO attributes repeated on each row.
// Spark SQL in spark-job/ reads these names and types; changing one is a breaking change.
// ---------------------------------------------------------------------------------------------------

/** Logical column types, each with one Arrow/Parquet physical mapping (see ingest/write/). */
export type ColumnType = 'string' | 'double' | 'boolean' | 'date' | 'int' | 'bigint' | 'timestamp';

interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** false only for columns validation guarantees. */
  readonly nullable: boolean;
}

export const RAW_COLUMNS = [
  // NEO attributes, repeated on each approach row.
  { name: 'id', type: 'string', nullable: false },
  { name: 'neo_reference_id', type: 'string', nullable: true },
  { name: 'name', type: 'string', nullable: false },
  { name: 'name_limited', type: 'string', nullable: true },
  { name: 'designation', type: 'string', nullable: true },
  { name: 'nasa_jpl_url', type: 'string', nullable: true },
  { name: 'absolute_magnitude_h', type: 'double', nullable: true },
  { name: 'is_potentially_hazardous_asteroid', type: 'boolean', nullable: false },
  { name: 'minimum_estimated_diameter_meters', type: 'double', nullable: true },
  { name: 'maximum_estimated_diameter_meters', type: 'double', nullable: true },
  // The NEO's approach with the least miss_distance.astronomical, to any body.
  { name: 'closest_approach_miss_distance_km', type: 'double', nullable: true },
  { name: 'closest_approach_date', type: 'date', nullable: true },
  { name: 'closest_approach_relative_velocity_km_per_sec', type: 'double', nullable: true },
  { name: 'closest_approach_orbiting_body', type: 'string', nullable: true },
  { name: 'first_observation_date', type: 'date', nullable: true },
  { name: 'last_observation_date', type: 'date', nullable: true },
  { name: 'observations_used', type: 'int', nullable: true },
  { name: 'orbital_period', type: 'double', nullable: true },
  // This row's approach; all null for a NEO without approaches.
  { name: 'approach_date', type: 'date', nullable: true },
  { name: 'approach_epoch_ms', type: 'bigint', nullable: true },
  { name: 'miss_distance_au', type: 'double', nullable: true },
  { name: 'miss_distance_km', type: 'double', nullable: true },
  { name: 'miss_distance_lunar', type: 'double', nullable: true },
  { name: 'relative_velocity_km_per_sec', type: 'double', nullable: true },
  { name: 'orbiting_body', type: 'string', nullable: true },
  // Lineage.
  { name: 'batch_number', type: 'int', nullable: false },
  { name: 'ingested_at', type: 'timestamp', nullable: false },
] as const satisfies readonly ColumnSpec[];

/** In-memory value of each logical type: dates as 'YYYY-MM-DD', bigint epoch ms, timestamps as Date. */
interface TsTypeOf {
  string: string;
  double: number;
  boolean: boolean;
  date: string;
  int: number;
  bigint: bigint;
  timestamp: Date;
}

type Column = (typeof RAW_COLUMNS)[number];
export type RawColumnName = Column['name'];

/** One exploded row, typed from RAW_COLUMNS; nullable columns accept null. */
export type RawRow = {
  [C in Column as C['name']]: C['nullable'] extends true ? TsTypeOf[C['type']] | null : TsTypeOf[C['type']];
};

// ---------------------------------------------------------------------------------------------------
// Result contracts of the aggregation beside aggregations/ (metric STRING, value BIGINT): the columns the
// Spark SQL in spark-job/job/ writes and the report reads.
// ---------------------------------------------------------------------------------------------------

/** closest-approaches/batches-S-E/: the range's 20 smallest miss distances, rank 1 the closest. */
export const CLOSEST_APPROACH_COLUMNS = [
  'rank',
  'neo_id',
  'name',
  'approach_date',
  'miss_distance_au',
  'miss_distance_lunar',
  'miss_distance_km',
  'relative_velocity_km_per_sec',
  'orbiting_body',
  'is_potentially_hazardous_asteroid',
] as const;

/** approaches-by-year-and-body/batches-S-E/: approaches and those under the threshold, per year and body. */
export const YEARLY_APPROACH_COLUMNS = ['year', 'orbiting_body', 'approaches', 'close_approaches'] as const;
