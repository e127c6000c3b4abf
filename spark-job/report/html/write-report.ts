// One call after a job (or from `npm run report`): read the range's results and the manifest, draw the
// charts, write <output>/reports/batches-S-E/report.html atomically, return its path.
import { join } from 'node:path';
import { writeFileAtomic } from '../../../core/atomic-file.ts';
import { type BatchRange, FOLDERS, resultFolderName } from '../../../core/layout.ts';
import { approachesByBodySpec, approachesPerYearSpec, renderSvg } from './charts.ts';
import { reportHtml } from './html-page.ts';
import { readManifestCoverage } from './manifest-coverage.ts';
import { ResultsMissing } from './parquet-folder.ts';
import { type RangeResults, readRangeResults } from './range-results.ts';

export const REPORT_FILE = 'report.html';

export interface ReportOptions {
  /** AU; the results must have been aggregated with it. Default: whichever threshold they were. */
  readonly threshold?: number;
  /** The time printed in the report. */
  readonly now?: Date;
}

export const reportPath = (outputDir: string, range: BatchRange) =>
  join(outputDir, FOLDERS.reports, resultFolderName(range), REPORT_FILE);

/** Throws ResultsMissing, with the command that writes the results, when the range has none to report. */
export async function writeReport(outputDir: string, range: BatchRange, options: ReportOptions = {}): Promise<string> {
  const results = await resultsFor(outputDir, range, options.threshold);
  const [perYear, byBody] = await Promise.all([
    renderSvg(approachesPerYearSpec(results)),
    renderSvg(approachesByBodySpec(results)),
  ]);
  const coverage = await readManifestCoverage(outputDir, range);
  const html = reportHtml({ results, coverage, charts: { perYear, byBody }, generatedAt: options.now ?? new Date() });
  const path = reportPath(outputDir, range);
  await writeFileAtomic(path, html);
  return path;
}

async function resultsFor(outputDir: string, range: BatchRange, threshold: number | undefined): Promise<RangeResults> {
  const thresholdFlag = threshold === undefined ? '' : ` --threshold ${threshold}`;
  const command = `./submit_spark_job.sh ${range.start} ${range.end}${thresholdFlag} --output-dir ${outputDir}`;
  try {
    const results = await readRangeResults(outputDir, range);
    if (threshold !== undefined && results.threshold !== threshold)
      throw new ResultsMissing(
        `the results of ${resultFolderName(range)} were aggregated at ${results.threshold} AU, not ${threshold}`,
      );
    return results;
  } catch (error) {
    if (!(error instanceof ResultsMissing)) throw error;
    throw new ResultsMissing(`${error.message}: run \`${command}\` first, then report again`);
  }
}
