// The job's SQL files and their named parameters: the values for one run, and a check that the files'
// markers (:start_batch ...) and the values supplied are exactly the same set, so a renamed marker fails
// here, with its name, instead of as a Spark analysis error in the driver log.
import { type BatchRange, FOLDERS } from '../../core/layout.ts';

/**
 * The views run_sql.py defines before the results, in this order (each reads those before it). A view
 * `onDriver` is run once and its rows, which are few, are kept on the driver, so what reads it later costs
 * no second pass over the data; consecutive ones (range_summary, range_closest) run at once and must not
 * read each other. neo_copies and kept_approaches hold the one rule that counts each NEO once.
 */
export const VIEW_SQL_FILES = [
  { view: 'neo_copies', sqlFile: 'neo_copies.sql', onDriver: true },
  { view: 'kept_approaches', sqlFile: 'kept_approaches.sql', onDriver: false },
  { view: 'range_summary', sqlFile: 'range_summary.sql', onDriver: true },
  { view: 'range_closest', sqlFile: 'range_closest.sql', onDriver: true },
] as const;
/** Each result and its folder under the output dir; the first one's rows are what the job prints. */
export const RESULT_SQL_FILES = [
  { sqlFile: 'metrics.sql', folder: FOLDERS.aggregations },
  { sqlFile: 'closest_approaches.sql', folder: FOLDERS.closestApproaches },
  { sqlFile: 'approaches_by_year_and_body.sql', folder: FOLDERS.yearlyApproaches },
] as const;

export const JOB_SQL_FILES = [
  ...VIEW_SQL_FILES.map((view) => view.sqlFile),
  ...RESULT_SQL_FILES.map((result) => result.sqlFile),
];

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

/** Throws naming every marker (of any of the files) without a value and every value no file uses. */
export function checkParams(sqlTexts: readonly string[], params: SqlParams): void {
  const markers = new Set(sqlTexts.flatMap((sql) => [...parameterMarkers(sql)]));
  const unbound = [...markers].filter((name) => !(name in params));
  const unused = Object.keys(params).filter((name) => !markers.has(name));
  const problems = [
    ...(unbound.length > 0 ? [`no value for :${unbound.join(', :')}`] : []),
    ...(unused.length > 0 ? [`no marker for ${unused.join(', ')}`] : []),
  ];
  if (problems.length > 0) throw new Error(`SQL parameters do not match the queries: ${problems.join('; ')}`);
}
