// What the submit command prints when it is done: the table on stdout (for people; the Parquet output is
// what programs read), where to look next on stderr; and the one mapping from errors thrown before
// submitting to exit codes and messages.
import { ClusterDown } from '../cluster/cluster-status.ts';
import { DockerUnavailable } from '../cluster/docker-cli.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { MetricRow } from '../job/job-process.ts';
import { NoIngestedData, type SubmitResult } from '../job/submit.ts';
import { UsageError } from '../../core/errors.ts';

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

/** Prints the outcome of a submitted job; returns its exit code. */
export function reportResult(result: SubmitResult, { stdout, stderr }: ReportStreams): ExitCode {
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const ui = result.runner.masterUiUrl === null ? 'local mode, no master UI' : `master UI ${result.runner.masterUiUrl}`;
  const app = result.appId === null ? '' : ` (${result.appId})`;
  if (result.outcome !== 'written') {
    const what = result.outcome === 'interrupted' ? 'was interrupted' : 'failed';
    stderr.write(`error: the Spark job${app} ${what} after ${seconds} s: ${result.failure}\n`);
    stderr.write(`see ${ui}\n`);
    return result.outcome === 'interrupted' ? EXIT.interrupted : EXIT.jobFailed;
  }
  stdout.write(formatResultTable(result.rows));
  stdout.write(`\nRan on ${result.runner.description}${app}; ${ui}\n`);
  stdout.write(`Result: ${result.resultDir}/ (part-*.parquet, _SUCCESS)\n`);
  stdout.write(`Submit took ${seconds} s\n`);
  return EXIT.ok;
}

/** Exit code and message for an error thrown before anything was submitted; null for a bug. */
export function classifyError(error: unknown): { code: ExitCode; message: string } | null {
  if (error instanceof UsageError) return { code: EXIT.usage, message: error.message };
  if (error instanceof NoIngestedData) return { code: EXIT.noData, message: error.message };
  if (error instanceof ClusterDown || error instanceof DockerUnavailable)
    return { code: EXIT.clusterDown, message: error.message };
  return null;
}
