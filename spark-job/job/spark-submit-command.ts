// The docker command lines that run the job's SQL files through run_sql.py: `docker exec` into the cluster's
// submit container (driver there, executors on the workers), or `docker run --rm` of the same image with
// Spark in local[*] mode (driver and executors in one container, no cluster needed).
import { join } from 'node:path';
import { RAW_COLUMNS } from '../../core/schema.ts';
import { CONTAINER_OUTPUT_DIR, CONTAINER_SPARK_JOB_DIR, MASTER_URL } from '../cluster/cluster-target.ts';
import { RESULT_SQL_FILES, type SqlParams, VIEW_SQL_FILES } from './sql-params.ts';

/** This folder as the containers see it: spark-job/ is mounted at CONTAINER_SPARK_JOB_DIR. */
const CONTAINER_JOB_DIR = join(CONTAINER_SPARK_JOB_DIR, 'job');

/** The view kept_approaches.sql reads. */
export const INPUT_VIEW = 'raw_approaches';

const SPARK_TYPES = {
  string: 'STRING',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  int: 'INT',
  bigint: 'BIGINT',
  timestamp: 'TIMESTAMP',
} as const;

/** The raw Parquet contract as Spark DDL: given it, Spark runs no job to read a file footer for the schema. */
export const RAW_SCHEMA_DDL = RAW_COLUMNS.map(({ name, type }) => `${name} ${SPARK_TYPES[type]}`).join(', ');

export interface JobSpec {
  readonly appName: string;
  readonly params: SqlParams;
  /** Partition folders to read, as the containers see them. */
  readonly inputFolders: readonly string[];
  /** raw/ as the containers see it, so `batch-number=...` folders are read as partitions of one dataset. */
  readonly basePath: string;
  /** The output dir as the containers see it; each result goes to <folder>/<resultName>/ in it. */
  readonly outputDir: string;
  /** batches-S-E. */
  readonly resultName: string;
  readonly sparkConf: readonly string[];
  /** How often the driver prints its progress (PROGRESS_JSON); none when absent. */
  readonly progressMs?: number;
}

const viewArgs = () =>
  VIEW_SQL_FILES.flatMap(({ view, sqlFile, onDriver }) => [
    onDriver ? '--driver-view' : '--view',
    `${view}=${join(CONTAINER_JOB_DIR, sqlFile)}`,
  ]);

function sparkSubmit(master: string, job: JobSpec): string[] {
  return [
    'spark-submit',
    '--master',
    master,
    ...job.sparkConf.flatMap((setting) => ['--conf', setting]),
    join(CONTAINER_JOB_DIR, 'run_sql.py'),
    '--params',
    JSON.stringify(job.params),
    '--input',
    `${INPUT_VIEW}=${job.inputFolders.join(',')}`,
    '--base-path',
    job.basePath,
    '--schema',
    RAW_SCHEMA_DDL,
    ...viewArgs(),
    ...RESULT_SQL_FILES.flatMap(({ sqlFile, folder }) => [
      '--result',
      `${join(CONTAINER_JOB_DIR, sqlFile)}=${join(job.outputDir, folder, job.resultName)}`,
    ]),
    '--app-name',
    job.appName,
    ...(job.progressMs === undefined ? [] : ['--progress-s', String(job.progressMs / 1000)]),
  ];
}

export function clusterCommand(submitContainer: string, job: JobSpec): string[] {
  return ['exec', submitContainer, ...sparkSubmit(MASTER_URL, job)];
}

export interface LocalContainer {
  readonly name: string;
  readonly image: string;
  /** Host folders mounted as in the compose file. */
  readonly outputDir: string;
  readonly sparkJobDir: string;
}

export function localCommand(container: LocalContainer, job: JobSpec): string[] {
  return [
    'run',
    '--rm',
    '--name',
    container.name,
    '--volume',
    `${container.outputDir}:${CONTAINER_OUTPUT_DIR}`,
    '--volume',
    `${container.sparkJobDir}:${CONTAINER_SPARK_JOB_DIR}:ro`,
    container.image,
    ...sparkSubmit('local[*]', job),
  ];
}
