// The aggregation's results computed the slow, obvious way from NEO records as the API shaped them (the
// JSON served, not the Parquet written): an independent reference for what Spark must produce.
//
// Each NEO counts once: where one id was served in several batches, only its copy in the batch fetched
// last counts (ties, as when a test writes batches at once: the higher batch number); the other copies
// are counted as set aside.
import { type Neo, NeoSchema } from '../../core/schema.ts';
import {
  DUPLICATE_COPIES_METRIC,
  METRIC,
  totalUnderMetric,
  yearMetric,
  yearUnderMetric,
} from '../../spark-job/report/metric-names.ts';
import type { LoggedRequest } from '../../standin/request-log.ts';
import { servedPages } from './ingest-output.ts';

export interface ServedBatch {
  readonly records: readonly unknown[];
  /** When the batch's page was fetched (epoch ms), or any number that orders the fetches. */
  readonly fetchedAt: number;
}

/** Batch number -> the NEO records of that batch's page, as served, and when. */
export type BatchRecords = ReadonlyMap<number, ServedBatch>;

export type Range = { readonly start: number; readonly end: number };

/** The stand-in's usable browse replies, by batch (page + 1); a page served again replaces its batch. */
export function servedBatches(requests: readonly LoggedRequest[]): Map<number, ServedBatch> {
  return new Map(
    servedPages(requests).map(({ page, at, body }) => [page + 1, { records: body.near_earth_objects, fetchedAt: at }]),
  );
}

/** Batches fetched one after another in batch order, as one ingest run (or writeRawBatches) does. */
export function fetchedInBatchOrder(batches: ReadonlyMap<number, readonly unknown[]>): Map<number, ServedBatch> {
  return new Map([...batches].map(([batch, records]) => [batch, { records, fetchedAt: batch }]));
}

interface Copy {
  readonly batch: number;
  readonly fetchedAt: number;
  readonly neo: Neo;
}

const idOf = (neo: Neo) => neo.id ?? (neo.neo_reference_id as string);

/** The valid records of the range's batches: every copy of every NEO, and the batches with any. */
function copiesInRange(batches: BatchRecords, range: Range): { copies: Copy[]; present: number } {
  const copies: Copy[] = [];
  let present = 0;
  for (const [batch, { records, fetchedAt }] of batches) {
    if (batch < range.start || batch > range.end) continue;
    // The ingest quarantines records that break the schema; they are not data.
    const valid = records.flatMap((record) => {
      const parsed = NeoSchema.safeParse(record);
      return parsed.success ? [parsed.data as Neo] : [];
    });
    if (valid.length > 0) present += 1;
    for (const neo of valid) copies.push({ batch, fetchedAt, neo });
  }
  return { copies, present };
}

/** The copy of each NEO that counts: fetched last, ties to the higher batch. */
function keptCopies(copies: readonly Copy[]): Copy[] {
  const kept = new Map<string, Copy>();
  for (const copy of copies) {
    const other = kept.get(idOf(copy.neo));
    const later =
      other === undefined ||
      copy.fetchedAt > other.fetchedAt ||
      (copy.fetchedAt === other.fetchedAt && copy.batch > other.batch);
    if (later) kept.set(idOf(copy.neo), copy);
  }
  return [...kept.values()];
}

export interface ExpectedApproach {
  readonly neo_id: string;
  readonly name: string;
  readonly approach_date: string;
  readonly miss_distance_au: number;
  readonly miss_distance_lunar: number | null;
  readonly miss_distance_km: number | null;
  readonly relative_velocity_km_per_sec: number | null;
  readonly orbiting_body: string | null;
  readonly is_potentially_hazardous_asteroid: boolean;
}

const decimal = (text: string | undefined) => (text === undefined ? null : Number(text));

/** Every approach of the NEO copies that count. */
function keptApproaches(batches: BatchRecords, range: Range): ExpectedApproach[] {
  return keptCopies(copiesInRange(batches, range).copies).flatMap(({ neo }) =>
    neo.close_approach_data.map((approach) => ({
      neo_id: idOf(neo),
      name: neo.name,
      approach_date: approach.close_approach_date,
      miss_distance_au: Number(approach.miss_distance.astronomical),
      miss_distance_lunar: decimal(approach.miss_distance.lunar),
      miss_distance_km: decimal(approach.miss_distance.kilometers),
      relative_velocity_km_per_sec: decimal(approach.relative_velocity?.kilometers_per_second),
      orbiting_body: approach.orbiting_body ?? null,
      is_potentially_hazardous_asteroid: neo.is_potentially_hazardous_asteroid,
    })),
  );
}

/** The metric table (aggregations/): metric -> value. */
export function expectedMetrics(
  batches: BatchRecords,
  range: Range,
  threshold: number,
  label: string,
): Map<string, number> {
  const { copies, present } = copiesInRange(batches, range);
  const kept = keptCopies(copies);
  const approaches = keptApproaches(batches, range);
  const perYear = new Map<number, { all: number; close: number }>();
  for (const approach of approaches) {
    const year = Number(approach.approach_date.slice(0, 4));
    const counts = perYear.get(year) ?? { all: 0, close: 0 };
    counts.all += 1;
    counts.close += approach.miss_distance_au < threshold ? 1 : 0;
    perYear.set(year, counts);
  }
  const metrics = new Map<string, number>([
    [METRIC.batchesRequested, range.end - range.start + 1],
    [METRIC.batchesPresent, present],
    [METRIC.neos, kept.length],
    [METRIC.approaches, approaches.length],
    [totalUnderMetric(label), approaches.filter((approach) => approach.miss_distance_au < threshold).length],
    [DUPLICATE_COPIES_METRIC, copies.length - kept.length],
  ]);
  for (const [year, counts] of perYear) {
    metrics.set(yearMetric(year), counts.all);
    metrics.set(yearUnderMetric(label, year), counts.close);
  }
  return metrics;
}

/** The closest-approaches result: the 20 smallest miss distances, ties by NEO id, then date; rank 1..20. */
export function expectedClosest(batches: BatchRecords, range: Range): Array<ExpectedApproach & { rank: number }> {
  const compare = (a: ExpectedApproach, b: ExpectedApproach) =>
    a.miss_distance_au - b.miss_distance_au ||
    (a.neo_id < b.neo_id ? -1 : a.neo_id > b.neo_id ? 1 : 0) ||
    (a.approach_date < b.approach_date ? -1 : a.approach_date > b.approach_date ? 1 : 0);
  return keptApproaches(batches, range)
    .sort(compare)
    .slice(0, 20)
    .map((approach, i) => ({ rank: i + 1, ...approach }));
}

export interface YearAndBody {
  readonly year: number;
  readonly orbiting_body: string | null;
  readonly approaches: number;
  readonly close_approaches: number;
}

/** The approaches-by-year-and-body result, ordered by year, then body. */
export function expectedByYearAndBody(batches: BatchRecords, range: Range, threshold: number): YearAndBody[] {
  const groups = new Map<string, YearAndBody>();
  for (const approach of keptApproaches(batches, range)) {
    const year = Number(approach.approach_date.slice(0, 4));
    const key = JSON.stringify([year, approach.orbiting_body]);
    const group = groups.get(key) ?? {
      year,
      orbiting_body: approach.orbiting_body,
      approaches: 0,
      close_approaches: 0,
    };
    const close = approach.miss_distance_au < threshold ? 1 : 0;
    groups.set(key, { ...group, approaches: group.approaches + 1, close_approaches: group.close_approaches + close });
  }
  // As DuckDB orders them: by code point, no body last.
  const body = (group: YearAndBody) => group.orbiting_body ?? '\uffff';
  return [...groups.values()].sort((a, b) => a.year - b.year || (body(a) < body(b) ? -1 : body(a) > body(b) ? 1 : 0));
}
