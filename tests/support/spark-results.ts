// What the Spark job tests read back and compare: the results as DuckDB reads them, the expectations made
// from the JSON the stand-in served, the application's event log, the master's applications, and what the
// submit printed. Shared by the tests/integration/spark-job-*.test.ts files.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type MasterApp, masterStatus } from '../../spark-job/cluster/cluster-status.ts';
import { FOLDERS } from '../../core/layout.ts';
import type { CliRun } from './cli.ts';
import { type BatchRecords, type Range, expectedByYearAndBody, expectedClosest } from './expected-metrics.ts';
import { runPythonJson } from './python.ts';
import type { StartedSparkCluster } from './spark-cluster.ts';

/** The metrics result folder as DuckDB reads it. */
export function readResult(dir: string): Map<string, number> {
  const rows = runPythonJson<Array<{ metric: string; value: number }>>('duckdb_query.py', [
    `SELECT metric, value FROM read_parquet('${dir}/part-*.parquet')`,
  ]);
  return new Map(rows.map((row) => [row.metric, row.value]));
}

/** The metric table a --table run printed (stdout up to the blank line before the summary), as a map. */
export function printedTable(run: CliRun): Map<string, number> {
  const lines = run.stdout.slice(0, run.stdout.indexOf('\n\n')).split('\n');
  // The header and its underline first.
  return new Map(
    lines.slice(2).map((line) => {
      const [metric = '', value = ''] = line.split(/ +/);
      return [metric, Number(value)];
    }),
  );
}

export const printedAppId = (run: CliRun) => /^Ran on .*\((app-[\w-]+|local-\d+)\)/m.exec(run.stdout)?.[1] ?? null;

/** The closest-approaches and approaches-by-year-and-body results of a range, as DuckDB reads them. */
export function readNewResults(dataDir: string, { start, end }: Range) {
  const folder = (name: string) => `read_parquet('${join(dataDir, name, `batches-${start}-${end}`)}/part-*.parquet')`;
  return {
    closest: runPythonJson<unknown[]>('duckdb_query.py', [
      `SELECT * REPLACE (strftime(approach_date, '%Y-%m-%d') AS approach_date) ` +
        `FROM ${folder(FOLDERS.closestApproaches)} ORDER BY rank`,
    ]),
    byYearAndBody: runPythonJson<unknown[]>('duckdb_query.py', [
      `SELECT * FROM ${folder(FOLDERS.yearlyApproaches)} ORDER BY year, orbiting_body`,
    ]),
  };
}

/** What the two new results must hold, from the served JSON. */
export const expectedNewResults = (batches: BatchRecords, range: Range, threshold: number) => ({
  closest: expectedClosest(batches, range),
  byYearAndBody: expectedByYearAndBody(batches, range, threshold),
});

export interface EventLog {
  /** Root paths of every Parquet scan. */
  scans: string[][];
  executorsRemoved: Array<{ host: string | null; reason: string }>;
  tasksFailed: number;
  tasksSucceeded: number;
  stagesRun: number;
  /** Records every task wrote to a shuffle, all stages together. */
  shuffledRecords: number;
}

export function eventLog(cluster: StartedSparkCluster, appId: string | null): EventLog {
  return runPythonJson<EventLog>('spark_event_log.py', [join(cluster.outputDir, FOLDERS.sparkEvents), appId ?? 'none']);
}

export async function allApps(cluster: StartedSparkCluster): Promise<MasterApp[]> {
  const status = await masterStatus(cluster.masterUiUrl);
  return [...status.activeapps, ...status.completedapps];
}

export async function folderIno(path: string): Promise<number | null> {
  return (await stat(path).catch(() => null))?.ino ?? null;
}

/** Wall times of the Spark submits of one file, printed at its end (the numbers the README quotes). */
export function submitTimings() {
  const timings: Array<[string, number]> = [];
  return {
    record: (label: string, run: CliRun) => timings.push([label, run.ms]),
    print: () =>
      console.log(
        'submit wall times on this machine:\n' +
          timings.map(([label, ms]) => `  ${label}: ${(ms / 1000).toFixed(1)} s`).join('\n'),
      ),
  };
}
