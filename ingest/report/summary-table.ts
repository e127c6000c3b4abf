// The end-of-run summary (stdout): a two-column table a person reads, or the summary object as JSON.
import type { IngestSummary, Outcome, RefreshFigures } from '../types.ts';

function refreshRow({ generation, passes, rewritten, switched }: RefreshFigures): [string, string] {
  const state = switched ? 'raw/ now shows it' : 'not switched: raw/ shows the previous data';
  return [
    'refresh',
    `generation ${generation}, ${passes} verification passes, ${rewritten} drifted batches re-fetched; ${state}`,
  ];
}

const NEXT_STEP: Record<Outcome, (summary: IngestSummary) => string> = {
  ok: () => 'all batches done, nothing quarantined',
  quarantined: (s) =>
    `${s.dataset.quarantined} record${s.dataset.quarantined === 1 ? '' : 's'} quarantined: ` +
    `inspect ${s.paths.quarantine}`,
  'batches-failed': () => 'run the same command again: it retries only the failed batches',
  'quota-exhausted': (s) => {
    const when = s.resumeAfter === null ? ' later' : ` after ${s.resumeAfter}`;
    return `quota exhausted: run the same command again${when}; done batches are kept`;
  },
  'key-rejected': () => 'the API rejected the key: set NASA_API_KEY (environment or .env) to a valid key and run again',
  interrupted: () => 'interrupted: run the same command again to resume',
  inconsistent: () => 'the dataset is not one snapshot of the catalogue: run the ingest again with --refresh',
  'refresh-unsettled': () =>
    'the catalogue moved during every verification pass: run --refresh again later (it resumes); ' +
    'raw/ still shows the previous data',
};

export function formatSummary(summary: IngestSummary, format: 'text' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(summary)}\n`;
  const { batches, dataset, paths } = summary;
  const rows: Array<[string, string]> = [
    ['outcome', `${summary.outcome} (exit ${summary.exitCode})`],
    ['mode', summary.mode === 'api' ? 'fetch from API' : 'rebuild from landing'],
    ['batches planned', String(batches.planned)],
    ['batches done', `${batches.done} this run; ${dataset.batchesDone}/${batches.planned} in the output`],
    ['batches failed', String(batches.failed)],
    ['batches skipped', `${batches.skipped} (already done)`],
    ['batches not reached', String(batches.notReached)],
    ['rows', `${summary.rows} this run; ${dataset.rows} in the output`],
    ['quarantined', `${summary.quarantined} this run; ${dataset.quarantined} in the output`],
    ...(summary.refresh === undefined ? [] : [refreshRow(summary.refresh)]),
    ['requests', `${summary.requests} (${summary.retries} retries)`],
    ['elapsed', `${(summary.elapsedMs / 1000).toFixed(1)} s`],
    ['raw', paths.raw],
    ['landing', paths.landing],
    ['quarantine', paths.quarantine],
    ['manifest', paths.manifest],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = ['ingest summary', ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)];
  if (summary.failed.length > 0) {
    lines.push('failed batches:', ...summary.failed.map((f) => `  batch ${f.batch}: ${f.error}`));
  }
  if (summary.consistency !== undefined)
    lines.push('catalogue drift:', ...summary.consistency.messages.map((m) => `  ${m}`));
  if (summary.message !== null) lines.push(summary.message);
  lines.push(`next: ${NEXT_STEP[summary.outcome](summary)}`);
  return `${lines.join('\n')}\n`;
}
