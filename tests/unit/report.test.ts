// What the submit prints (spark-job/report/report.ts): the full table (--table), the short summary, and the
// exit codes of errors found before submitting.
import { describe, expect, it } from 'vitest';
import { FolderLockedError } from '../../core/folder-lock.ts';
import { EXIT as INGEST_EXIT } from '../../ingest/exit-codes.ts';
import type { SubmitResult } from '../../spark-job/job/submit.ts';
import { classifyError, formatResultTable, formatSummary } from '../../spark-job/report/report.ts';

describe('result table', () => {
  it('aligns metric names left and values right', () => {
    expect(
      formatResultTable([
        { metric: 'neos', value: 180 },
        { metric: 'close_approaches_total', value: 37458 },
      ]),
    ).toBe(
      [
        'metric                  value',
        '----------------------  -----',
        'neos                      180',
        'close_approaches_total  37458',
        '',
      ].join('\n'),
    );
  });
});

describe('summary after a job', () => {
  const rows = [
    ['batches_requested', 10],
    ['batches_present', 9],
    ['neos', 180],
    ['close_approaches_total', 37458],
    ['total_close_approaches_under_005_au', 12],
    ['duplicate_neo_copies_set_aside', 2],
    ['close_approaches_year_1900', 3],
  ].map(([metric, value]) => ({ metric: metric as string, value: value as number }));
  const result: SubmitResult = {
    outcome: 'written',
    rows,
    resultDir: '/data/aggregations/batches-1-10',
    resultDirs: ['/data/aggregations/batches-1-10', '/data/closest-approaches/batches-1-10'],
    inventory: { present: [1, 2, 3, 5, 6, 7, 8, 9, 10], missing: [4] } as unknown as SubmitResult['inventory'],
    appId: 'app-20260101000000-0001',
    runner: {
      description: 'Spark cluster "neo"',
      masterUiUrl: 'http://127.0.0.1:8080',
      historyUiUrl: 'http://127.0.0.1:18080',
    },
    elapsedMs: 35_200,
    failure: null,
  };
  const config = { range: { start: 1, end: 10 }, thresholdLabel: '005' };

  it('names coverage, the headline metrics, the folders, the report and the UIs', () => {
    expect(formatSummary(result, config, '/data/reports/batches-1-10/report.html')).toBe(
      [
        'Batches 1-10: 9 of 10 present; missing: 4',
        '  neos                                   180',
        '  close_approaches_total               37458',
        '  total_close_approaches_under_005_au     12',
        '  duplicate_neo_copies_set_aside           2',
        'Results: /data/aggregations/batches-1-10/',
        '         /data/closest-approaches/batches-1-10/',
        'Report: /data/reports/batches-1-10/report.html',
        'Ran on Spark cluster "neo" (app-20260101000000-0001); master UI http://127.0.0.1:8080',
        'History: http://127.0.0.1:18080/history/app-20260101000000-0001/',
        'Submit took 35.2 s',
        '',
      ].join('\n'),
    );
  });

  it('leaves out set-aside copies when there are none, and the history server in local mode', () => {
    const local: SubmitResult = {
      ...result,
      rows: rows.map((row) => (row.metric === 'duplicate_neo_copies_set_aside' ? { ...row, value: 0 } : row)),
      inventory: { present: [1, 2], missing: [] } as unknown as SubmitResult['inventory'],
      appId: 'local-1767225600000',
      runner: { description: 'Spark local[*]', masterUiUrl: null, historyUiUrl: null },
    };
    const summary = formatSummary(local, config, '/r.html');
    expect(summary).not.toContain('duplicate_neo_copies_set_aside');
    expect(summary).not.toContain('History');
    expect(summary).not.toContain('missing');
    expect(summary).toContain('(local-1767225600000); local mode, no master UI\n');
  });
});

describe('errors before submitting', () => {
  it('a held output dir is exit 9, as the ingest says it, naming the holder', () => {
    const holder = { pid: 4242, host: 'box', command: 'ingest/cli.ts --refresh', since: '2026-01-01T00:00:00Z' };
    const known = classifyError(new FolderLockedError('/data', 'aggregation', holder));
    expect(known?.code).toBe(9);
    expect(INGEST_EXIT.locked).toBe(9);
    expect(known?.message).toContain('pid 4242 on box (ingest/cli.ts --refresh)');
    expect(known?.message).toContain('--wait-lock');
  });
});
