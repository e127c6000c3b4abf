// The result as a two-column table for people; the Parquet output is what programs read.
import type { MetricRow } from './job-process.ts';

export function formatResultTable(rows: readonly MetricRow[]): string {
  const header = { metric: 'metric', value: 'value' };
  const values = rows.map((row) => String(row.value));
  const metricWidth = Math.max(header.metric.length, ...rows.map((row) => row.metric.length));
  const valueWidth = Math.max(header.value.length, ...values.map((value) => value.length));
  const line = (metric: string, value: string) => `${metric.padEnd(metricWidth)}  ${value.padStart(valueWidth)}`;
  return [
    line(header.metric, header.value),
    `${'-'.repeat(metricWidth)}  ${'-'.repeat(valueWidth)}`,
    ...rows.map((row, i) => line(row.metric, values[i] as string)),
  ].join('\n') + '\n';
}
