// The named parameters of aggregate.sql: their values for one run, and a check that the SQL's markers
// (:start_batch ...) and the values supplied are exactly the same set, so a renamed marker fails here,
// with its name, instead of as a Spark analysis error in the driver log.
import type { BatchRange } from '../../core/layout.ts';

export const AGGREGATE_SQL_FILE = 'aggregate.sql';

export type SqlParams = Readonly<Record<string, number | string>>;

export function aggregateParams(range: BatchRange, threshold: number, thresholdLabel: string): SqlParams {
  return { start_batch: range.start, end_batch: range.end, threshold, threshold_label: thresholdLabel };
}

/** Named markers in SQL text, ignoring comments, string literals and `::` casts. */
export function parameterMarkers(sql: string): Set<string> {
  const code = sql
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
  return new Set([...code.matchAll(/(?<![:\w]):([A-Za-z_]\w*)/g)].map((match) => match[1] as string));
}

/** Throws naming every marker without a value and every value without a marker. */
export function checkParams(sql: string, params: SqlParams): void {
  const markers = parameterMarkers(sql);
  const unbound = [...markers].filter((name) => !(name in params));
  const unused = Object.keys(params).filter((name) => !markers.has(name));
  const problems = [
    ...(unbound.length > 0 ? [`no value for :${unbound.join(', :')}`] : []),
    ...(unused.length > 0 ? [`no marker for ${unused.join(', ')}`] : []),
  ];
  if (problems.length > 0) throw new Error(`SQL parameters do not match the query: ${problems.join('; ')}`);
}
