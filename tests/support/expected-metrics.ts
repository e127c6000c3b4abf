// The aggregation's metrics computed the slow, obvious way from NEO records as the API shaped them (the
// JSON served, not the Parquet written): an independent reference for what Spark must produce.
import { type Neo, NeoSchema } from '../../core/schema.ts';
import { METRIC, totalUnderMetric, yearMetric, yearUnderMetric } from '../../spark-job/report/metric-names.ts';
import type { LoggedRequest } from '../../standin/request-log.ts';
import { servedPages } from './ingest-output.ts';

/** Batch number -> the NEO records of that batch's page, as served. */
export type BatchRecords = ReadonlyMap<number, readonly unknown[]>;

/** The stand-in's usable browse replies, by batch (page + 1). */
export function servedBatches(requests: readonly LoggedRequest[]): Map<number, unknown[]> {
  return new Map(servedPages(requests).map(({ page, body }) => [page + 1, body.near_earth_objects]));
}

export function expectedMetrics(
  batches: BatchRecords,
  range: { start: number; end: number },
  threshold: number,
  label: string,
): Map<string, number> {
  const ids = new Set<string>();
  const perYear = new Map<number, { all: number; close: number }>();
  let present = 0;
  let approaches = 0;
  let close = 0;
  for (const [batch, records] of batches) {
    if (batch < range.start || batch > range.end) continue;
    // The ingest quarantines records that break the schema; they are not data.
    const valid = records.flatMap((record) => {
      const parsed = NeoSchema.safeParse(record);
      return parsed.success ? [parsed.data as Neo] : [];
    });
    if (valid.length > 0) present += 1;
    for (const neo of valid) {
      ids.add(neo.id ?? (neo.neo_reference_id as string));
      for (const approach of neo.close_approach_data) {
        const year = Number(approach.close_approach_date.slice(0, 4));
        const isClose = Number(approach.miss_distance.astronomical) < threshold;
        const counts = perYear.get(year) ?? { all: 0, close: 0 };
        counts.all += 1;
        counts.close += isClose ? 1 : 0;
        perYear.set(year, counts);
        approaches += 1;
        close += isClose ? 1 : 0;
      }
    }
  }
  const metrics = new Map<string, number>([
    [METRIC.batchesRequested, range.end - range.start + 1],
    [METRIC.batchesPresent, present],
    [METRIC.neos, ids.size],
    [METRIC.approaches, approaches],
    [totalUnderMetric(label), close],
  ]);
  for (const [year, counts] of perYear) {
    metrics.set(yearMetric(year), counts.all);
    metrics.set(yearUnderMetric(label, year), counts.close);
  }
  return metrics;
}
