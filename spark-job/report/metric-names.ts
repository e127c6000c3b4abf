// Metric names the aggregation writes, and the threshold label inside them. The label is made here and
// bound into job/metrics.sql as :threshold_label, so the SQL and this file cannot disagree on a name.
//
// Label rule: the threshold's shortest decimal form (0.20 is 0.2) with the point removed:
// 0.2 -> 02, 0.05 -> 005, 1.5 -> 15, 1 -> 1. Thresholds are below 10 AU, so the first digit is always
// the units digit and no two thresholds share a label.

/** Largest threshold, exclusive: keeps the label rule one-to-one. */
export const MAX_THRESHOLD_AU = 10;
/** Decimal places a threshold may have: keeps the label short and the decimal form free of exponents. */
export const MAX_THRESHOLD_DECIMALS = 6;
export const DEFAULT_THRESHOLD_AU = 0.2;

export function thresholdLabel(threshold: number): string {
  if (!(threshold > 0 && threshold < MAX_THRESHOLD_AU))
    throw new RangeError(`threshold ${threshold} is outside 0 < threshold < ${MAX_THRESHOLD_AU}`);
  const text = threshold.toFixed(MAX_THRESHOLD_DECIMALS).replace(/0+$/, '').replace(/\.$/, '');
  if (Number(text) !== threshold)
    throw new RangeError(`threshold ${threshold} has more than ${MAX_THRESHOLD_DECIMALS} decimals`);
  return text.replace('.', '');
}

/** The metrics whose names do not depend on the threshold or a year. */
export const METRIC = {
  batchesRequested: 'batches_requested',
  batchesPresent: 'batches_present',
  neos: 'neos',
  approaches: 'close_approaches_total',
} as const;

/** Copies of a NEO in batches other than the one fetched last: set aside, counted in no other metric. */
export const DUPLICATE_COPIES_METRIC = 'duplicate_neo_copies_set_aside';

export const totalUnderMetric = (label: string) => `total_close_approaches_under_${label}_au`;
/** `year` is a number, or a placeholder such as YYYY for help text. */
export const yearMetric = (year: number | string) => `close_approaches_year_${year}`;
export const yearUnderMetric = (label: string, year: number | string) =>
  `close_approaches_under_${label}_au_year_${year}`;

/** Every metric in the order job/metrics.sql writes them, with what it counts (for --help). */
export function metricGlossary(label: string): ReadonlyArray<readonly [string, string]> {
  return [
    [METRIC.batchesRequested, 'batches in <start>..<end>'],
    [METRIC.batchesPresent, 'of those, batches ingested (with at least one row)'],
    [METRIC.neos, 'distinct NEO ids'],
    [METRIC.approaches, 'close-approach rows (NEOs without approaches do not count)'],
    [totalUnderMetric(label), 'approaches to any body with miss distance < threshold'],
    [DUPLICATE_COPIES_METRIC, 'copies of a NEO in batches other than the one fetched last (not counted)'],
    [yearMetric('YYYY'), 'approaches in year YYYY, one row per year present'],
    [yearUnderMetric(label, 'YYYY'), 'of those, approaches under the threshold (0 when none)'],
  ];
}
