// One range's results as the Spark job wrote them (aggregations, closest-approaches,
// approaches-by-year-and-body), read into typed data for the report.
import { join } from 'node:path';
import { type BatchRange, FOLDERS, resultFolderName } from '../../../core/layout.ts';
import { CLOSEST_APPROACH_COLUMNS, YEARLY_APPROACH_COLUMNS } from '../../../core/schema.ts';
import { METRIC, yearMetric, yearUnderMetric } from '../metric-names.ts';
import { ResultsMissing, type Row, readParquetFolder } from './parquet-folder.ts';

export interface YearCount {
  readonly year: number;
  readonly approaches: number;
  readonly underThreshold: number;
}

export interface BodyYearCount extends YearCount {
  readonly orbitingBody: string;
}

export interface ClosestApproach {
  readonly rank: number;
  readonly neoId: string;
  readonly name: string;
  /** YYYY-MM-DD. */
  readonly approachDate: string;
  readonly missDistanceAu: number;
  readonly missDistanceLunar: number | null;
  readonly missDistanceKm: number | null;
  readonly relativeVelocityKmPerSec: number | null;
  readonly orbitingBody: string | null;
  readonly potentiallyHazardous: boolean;
}

export interface RangeResults {
  readonly range: BatchRange;
  /** In AU, recovered from the metric names (total_close_approaches_under_02_au -> 0.2). */
  readonly threshold: number;
  readonly thresholdLabel: string;
  /** Every metric as written, in the job's order. */
  readonly metrics: ReadonlyMap<string, number>;
  /** From the year metrics, ascending. */
  readonly years: readonly YearCount[];
  readonly byYearAndBody: readonly BodyYearCount[];
  /** By rank. */
  readonly closest: readonly ClosestApproach[];
}

const TOTAL_UNDER = /^total_close_approaches_under_(\d+)_au$/;
const YEAR = /^close_approaches_year_(\d+)$/;
const DAY_MS = 86_400_000;

/** The inverse of thresholdLabel(): the first digit is the units digit (02 -> 0.2, 15 -> 1.5, 1 -> 1). */
export const labelThreshold = (label: string) => Number(`${label[0]}.${label.slice(1)}`);

/** Throws ResultsMissing (naming the folder) when a result of the range is absent or lacks a column. */
export async function readRangeResults(outputDir: string, range: BatchRange): Promise<RangeResults> {
  const folder = (kind: string) => join(outputDir, kind, resultFolderName(range));
  const [metricRows, closestRows, yearlyRows] = await Promise.all([
    readParquetFolder(folder(FOLDERS.aggregations), ['metric', 'value']),
    readParquetFolder(folder(FOLDERS.closestApproaches), CLOSEST_APPROACH_COLUMNS),
    readParquetFolder(folder(FOLDERS.yearlyApproaches), YEARLY_APPROACH_COLUMNS),
  ]);
  const metrics = new Map(metricRows.map((row) => [String(row.metric), Number(row.value)]));
  const labels = [...metrics.keys()].flatMap((name) => TOTAL_UNDER.exec(name)?.slice(1, 2) ?? []);
  const absent = Object.values(METRIC).filter((name) => !metrics.has(name));
  if (labels.length !== 1 || absent.length > 0)
    throw new ResultsMissing(`${folder(FOLDERS.aggregations)} is not a complete aggregation result`);
  const label = labels[0] as string;
  return {
    range,
    threshold: labelThreshold(label),
    thresholdLabel: label,
    metrics,
    years: yearCounts(metrics, label),
    byYearAndBody: yearlyRows
      .map(toBodyYearCount)
      .sort((a, b) => a.year - b.year || a.orbitingBody.localeCompare(b.orbitingBody)),
    closest: closestRows.map(toClosestApproach).sort((a, b) => a.rank - b.rank),
  };
}

function yearCounts(metrics: ReadonlyMap<string, number>, label: string): YearCount[] {
  const years = [...metrics.keys()].flatMap((name) => YEAR.exec(name)?.slice(1, 2) ?? []).map(Number);
  return years
    .sort((a, b) => a - b)
    .map((year) => ({
      year,
      approaches: metrics.get(yearMetric(year)) ?? 0,
      underThreshold: metrics.get(yearUnderMetric(label, year)) ?? 0,
    }));
}

function toBodyYearCount(row: Row): BodyYearCount {
  return {
    year: Number(row.year),
    orbitingBody: String(row.orbiting_body),
    approaches: Number(row.approaches),
    underThreshold: Number(row.close_approaches),
  };
}

/** The API leaves these out at times; the raw contract keeps them null. */
const orNull = <T>(value: unknown, as: (value: unknown) => T): T | null =>
  value === null || value === undefined ? null : as(value);

function toClosestApproach(row: Row): ClosestApproach {
  return {
    rank: Number(row.rank),
    neoId: String(row.neo_id),
    name: String(row.name),
    // Arrow gives a DATE as milliseconds since the epoch at UTC midnight.
    approachDate: new Date(Math.round(Number(row.approach_date) / DAY_MS) * DAY_MS).toISOString().slice(0, 10),
    missDistanceAu: Number(row.miss_distance_au),
    missDistanceLunar: orNull(row.miss_distance_lunar, Number),
    missDistanceKm: orNull(row.miss_distance_km, Number),
    relativeVelocityKmPerSec: orNull(row.relative_velocity_km_per_sec, Number),
    orbitingBody: orNull(row.orbiting_body, String),
    potentiallyHazardous: row.is_potentially_hazardous_asteroid === true,
  };
}
