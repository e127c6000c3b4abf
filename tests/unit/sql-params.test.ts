// Filling the job's SQL parameters, the spark-submit command lines, and reading RESULT_JSON and PROGRESS_JSON.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProgressLine, parseResultLine } from '../../spark-job/job/job-process.ts';
import {
  RAW_SCHEMA_DDL,
  clusterCommand,
  localCommand,
  type JobSpec,
} from '../../spark-job/job/spark-submit-command.ts';
import { JOB_SQL_FILES, aggregateParams, checkParams, parameterMarkers } from '../../spark-job/job/sql-params.ts';

const SQL = JOB_SQL_FILES.map((file) =>
  readFileSync(resolve(import.meta.dirname, '../../spark-job/job', file), 'utf8'),
);

describe('the job SQL parameters', () => {
  it('has exactly the markers the wrapper fills, and they all get values', () => {
    const markers = new Set(SQL.flatMap((sql) => [...parameterMarkers(sql)]));
    expect([...markers].sort()).toEqual(['end_batch', 'start_batch', 'threshold', 'threshold_label']);
    const params = aggregateParams({ start: 5, end: 12 }, 0.05, '005');
    expect(params).toEqual({ start_batch: 5, end_batch: 12, threshold: 0.05, threshold_label: '005' });
    expect(() => checkParams(SQL, params)).not.toThrow();
  });

  it('ignores comments, string literals and :: casts when looking for markers', () => {
    const sql =
      '-- :in_comment\n' +
      `/* :in_block */ SELECT ':in_string', 'it''s :quoted', x::int, :real FROM t WHERE y = :other`;
    expect([...parameterMarkers(sql)].sort()).toEqual(['other', 'real']);
  });

  it('names markers without values and values without markers', () => {
    expect(() => checkParams(['SELECT :a, :b'], { a: 1 })).toThrow('no value for :b');
    expect(() => checkParams(['SELECT :a', 'SELECT :b'], { a: 1, b: 2, c: 3 })).toThrow('no marker for c');
    expect(() => checkParams(['SELECT :a', 'SELECT :b'], { a: 1, b: 2 })).not.toThrow();
  });
});

describe('spark-submit command lines', () => {
  const job: JobSpec = {
    appName: 'neo-aggregate-5-12-x',
    params: aggregateParams({ start: 5, end: 12 }, 0.2, '02'),
    inputFolders: ['/opt/neo/output/raw/batch-number=1-20', '/opt/neo/output/raw/batch-number=21-40'],
    basePath: '/opt/neo/output/raw',
    outputDir: '/opt/neo/output',
    resultName: 'batches-5-12',
    sparkConf: ['spark.sql.shuffle.partitions=8'],
    progressMs: 1500,
  };
  const runSql = [
    '/opt/neo/spark-job/job/run_sql.py',
    '--params',
    '{"start_batch":5,"end_batch":12,"threshold":0.2,"threshold_label":"02"}',
    '--input',
    'raw_approaches=/opt/neo/output/raw/batch-number=1-20,/opt/neo/output/raw/batch-number=21-40',
    '--base-path',
    '/opt/neo/output/raw',
    '--schema',
    RAW_SCHEMA_DDL,
    '--driver-view',
    'neo_copies=/opt/neo/spark-job/job/neo_copies.sql',
    '--view',
    'kept_approaches=/opt/neo/spark-job/job/kept_approaches.sql',
    '--driver-view',
    'range_summary=/opt/neo/spark-job/job/range_summary.sql',
    '--driver-view',
    'range_closest=/opt/neo/spark-job/job/range_closest.sql',
    '--result',
    '/opt/neo/spark-job/job/metrics.sql=/opt/neo/output/aggregations/batches-5-12',
    '--result',
    '/opt/neo/spark-job/job/closest_approaches.sql=/opt/neo/output/closest-approaches/batches-5-12',
    '--result',
    '/opt/neo/spark-job/job/approaches_by_year_and_body.sql=/opt/neo/output/approaches-by-year-and-body/batches-5-12',
    '--app-name',
    'neo-aggregate-5-12-x',
    '--progress-s',
    '1.5',
  ];

  it('cluster: docker exec into the submit container, master spark://spark-master:7077', () => {
    expect(clusterCommand('neo-spark-submit', job)).toEqual([
      'exec',
      'neo-spark-submit',
      'spark-submit',
      '--master',
      'spark://spark-master:7077',
      '--conf',
      'spark.sql.shuffle.partitions=8',
      ...runSql,
    ]);
  });

  it('local: docker run --rm with the data and spark-job folders mounted as in the compose file', () => {
    const container = {
      name: 'neo-spark-local-1',
      image: 'neo-spark:latest',
      outputDir: '/data',
      sparkJobDir: '/repo/spark-job',
    };
    expect(localCommand(container, job)).toEqual([
      'run',
      '--rm',
      '--name',
      'neo-spark-local-1',
      '--volume',
      '/data:/opt/neo/output',
      '--volume',
      '/repo/spark-job:/opt/neo/spark-job:ro',
      'neo-spark:latest',
      'spark-submit',
      '--master',
      'local[*]',
      '--conf',
      'spark.sql.shuffle.partitions=8',
      ...runSql,
    ]);
  });
});

describe('RESULT_JSON', () => {
  it('reads the rows run_sql.py prints, and nothing else', () => {
    expect(parseResultLine('RESULT_JSON [{"metric": "neos", "value": 180}]')).toEqual([{ metric: 'neos', value: 180 }]);
    expect(parseResultLine('RESULT_JSON []')).toEqual([]);
    expect(parseResultLine('RESULT_JSON [{"metric": "neos"}]')).toBeNull();
    expect(parseResultLine('RESULT_JSON [{"metric": "neos", "value": 1.5}]')).toBeNull();
    expect(parseResultLine('RESULT_JSON [{"metric": ')).toBeNull();
    expect(parseResultLine('26/11/25 INFO RESULT_JSON []')).toBeNull();
  });
});

describe('PROGRESS_JSON', () => {
  const stage = {
    stageId: 3,
    attemptId: 0,
    status: 'ACTIVE',
    numTasks: 2,
    numActiveTasks: 1,
    numCompleteTasks: 1,
    numFailedTasks: 0,
  };
  const line = (progress: unknown) => `PROGRESS_JSON ${JSON.stringify(progress)}`;

  it('reads the application and stages run_sql.py prints, and nothing else', () => {
    expect(parseProgressLine(line({ appId: 'app-1', stages: [stage] }))).toEqual({ appId: 'app-1', stages: [stage] });
    expect(parseProgressLine(line({ appId: 'app-1', stages: [] }))).toEqual({ appId: 'app-1', stages: [] });
    expect(parseProgressLine(line({ appId: 'app-1', stages: [{ ...stage, status: 'RUNNING' }] }))).toBeNull();
    expect(parseProgressLine(line({ stages: [stage] }))).toBeNull();
    expect(parseProgressLine('PROGRESS_JSON {"appId": ')).toBeNull();
    expect(parseProgressLine(`RESULT_JSON ${JSON.stringify({ appId: 'app-1', stages: [] })}`)).toBeNull();
  });
});
