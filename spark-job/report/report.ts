// What the submit command prints when it is done, on stdout: a short summary (coverage, the headline
// metrics, where the results and the report are, the UIs to look at) and, with --table, every metric
// before it (for people; the Parquet output is what programs read). It writes the HTML report first. Also
// the one mapping from errors thrown before submitting to exit codes and messages.
import { ClusterDown } from '../cluster/cluster-status.ts';
import { DockerUnavailable } from '../cluster/docker-cli.ts';
import type { SubmitConfig } from '../config.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { MetricRow } from '../job/job-process.ts';
import { NoIngestedData, type SubmitResult } from '../job/submit.ts';
import { DUPLICATE_COPIES_METRIC, METRIC, totalUnderMetric } from './metric-names.ts';
import { UsageError } from '../../core/errors.ts';
import { FolderLockedError } from '../../core/folder-lock.ts';
import { describeBatches } from '../../core/layout.ts';
import { FileWriteError } from '../../core/write-error.ts';

export interface ReportStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export function formatResultTable(rows: readonly MetricRow[]): string {
  const header = { metric: 'metric', value: 'value' };
  const values = rows.map((row) => String(row.value));
  const metricWidth = Math.max(header.metric.length, ...rows.map((row) => row.metric.length));
  const valueWidth = Math.max(header.value.length, ...values.map((value) => value.length));
  const line = (metric: string, value: string) => `${metric.padEnd(metricWidth)}  ${value.padStart(valueWidth)}`;
  return (
    [
      line(header.metric, header.value),
      `${'-'.repeat(metricWidth)}  ${'-'.repeat(valueWidth)}`,
      ...rows.map((row, i) => line(row.metric, values[i] as string)),
    ].join('\n') + '\n'
  );
}

/** The few lines printed after a job that wrote its results: a few hundred metrics are in the report. */
export function formatSummary(
  result: SubmitResult,
  config: Pick<SubmitConfig, 'range' | 'thresholdLabel'>,
  reportPath: string,
): string {
  const value = new Map(result.rows.map((row) => [row.metric, row.value]));
  const { start, end } = config.range;
  const { missing } = result.inventory;
  const coverage =
    `Batches ${start}-${end}: ${value.get(METRIC.batchesPresent)} of ${value.get(METRIC.batchesRequested)} present` +
    (missing.length > 0 ? `; missing: ${describeBatches(missing)}` : '');
  const headline = [METRIC.neos, METRIC.approaches, totalUnderMetric(config.thresholdLabel)];
  // Set-aside copies are news only when the catalogue moved between fetches.
  if ((value.get(DUPLICATE_COPIES_METRIC) ?? 0) > 0) headline.push(DUPLICATE_COPIES_METRIC);
  const width = Math.max(...headline.map((metric) => metric.length));
  const figures = headline.map((metric) => String(value.get(metric) ?? 0));
  const figureWidth = Math.max(...figures.map((figure) => figure.length));
  const app = result.appId === null ? '' : ` (${result.appId})`;
  const ui = result.runner.masterUiUrl === null ? 'local mode, no master UI' : `master UI ${result.runner.masterUiUrl}`;
  const history =
    result.runner.historyUiUrl === null || result.appId === null
      ? []
      : [`History: ${result.runner.historyUiUrl}/history/${result.appId}/`];
  return [
    coverage,
    ...headline.map((metric, i) => `  ${metric.padEnd(width)}  ${(figures[i] as string).padStart(figureWidth)}`),
    `Results: ${result.resultDirs.map((dir) => `${dir}/`).join('\n         ')}`,
    `Report: ${reportPath}`,
    `Ran on ${result.runner.description}${app}; ${ui}`,
    ...history,
    `Submit took ${(result.elapsedMs / 1000).toFixed(1)} s`,
    '',
  ].join('\n');
}

/**
 * The HTML report's writer. Its modules (vega, vega-lite, parquet-wasm) take about a second to load, so
 * they are loaded only for a report, and a submit starts loading them while its job runs (onSubmitted).
 */
export const loadReportWriter = () => import('./html/write-report.ts');
/** For SubmitIo.onSubmitted. A failed load is reported by reportResult, which loads it again. */
export const preloadReportWriter = () => void loadReportWriter().catch(() => {});

/** Prints the outcome of a submitted job, writing the report of one that succeeded; returns its exit code. */
export async function reportResult(
  result: SubmitResult,
  config: SubmitConfig,
  { stdout, stderr }: ReportStreams,
): Promise<ExitCode> {
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const ui = result.runner.masterUiUrl === null ? 'local mode, no master UI' : `master UI ${result.runner.masterUiUrl}`;
  const app = result.appId === null ? '' : ` (${result.appId})`;
  if (result.outcome !== 'written') {
    const what = result.outcome === 'interrupted' ? 'was interrupted' : 'failed';
    stderr.write(`error: the Spark job${app} ${what} after ${seconds} s: ${result.failure}\n`);
    stderr.write(`see ${ui}\n`);
    return result.outcome === 'interrupted' ? EXIT.interrupted : EXIT.jobFailed;
  }
  let reportPath: string;
  try {
    const { writeReport } = await loadReportWriter();
    reportPath = await writeReport(config.outputDir, config.range, { threshold: config.threshold });
  } catch (error) {
    const { start, end } = config.range;
    stderr.write(
      `error: the results are written (${result.resultDir}/), but not the report: ` +
        `${error instanceof Error ? error.message : String(error)}; ` +
        `\`npm run report -- ${start} ${end} --output-dir ${config.outputDir}\` writes it from them\n`,
    );
    return EXIT.unexpected;
  }
  if (config.table) stdout.write(`${formatResultTable(result.rows)}\n`);
  stdout.write(formatSummary(result, config, reportPath));
  return EXIT.ok;
}

/** Exit code and message for an error thrown before anything was submitted; null for a bug. */
export function classifyError(error: unknown): { code: ExitCode; message: string } | null {
  if (error instanceof UsageError) return { code: EXIT.usage, message: error.message };
  if (error instanceof FolderLockedError)
    return {
      code: EXIT.locked,
      message: `${error.message}; run again when it is done, or add --wait-lock to wait for it`,
    };
  if (error instanceof NoIngestedData) return { code: EXIT.noData, message: error.message };
  if (error instanceof ClusterDown || error instanceof DockerUnavailable)
    return { code: EXIT.clusterDown, message: error.message };
  // The machine's problem (disk full, permissions), named with its file: no stack trace.
  if (error instanceof FileWriteError)
    return { code: EXIT.unexpected, message: `${error.message}; nothing was submitted` };
  return null;
}
