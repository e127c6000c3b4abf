// The docker command lines that run aggregate.sql through run_sql.py: `docker exec` into the cluster's
// submit container (driver there, executors on the workers), or `docker run --rm` of the same image with
// Spark in local[*] mode (driver and executors in one container, no cluster needed).
import { join } from 'node:path';
import { CONTAINER_OUTPUT_DIR, CONTAINER_SPARK_JOB_DIR, MASTER_URL } from '../cluster/cluster-target.ts';
import { AGGREGATE_SQL_FILE, type SqlParams } from './sql-params.ts';

/** This folder as the containers see it: spark-job/ is mounted at CONTAINER_SPARK_JOB_DIR. */
const CONTAINER_JOB_DIR = join(CONTAINER_SPARK_JOB_DIR, 'job');

/** The view aggregate.sql reads. */
export const INPUT_VIEW = 'raw_approaches';

export interface JobSpec {
  readonly appName: string;
  readonly params: SqlParams;
  /** Partition folders to read, as the containers see them. */
  readonly inputFolders: readonly string[];
  /** raw/ as the containers see it, so `batch-number=...` folders are read as partitions of one dataset. */
  readonly basePath: string;
  /** Result folder as the containers see it. */
  readonly output: string;
  readonly sparkConf: readonly string[];
}

function sparkSubmit(master: string, job: JobSpec): string[] {
  return [
    'spark-submit',
    '--master',
    master,
    ...job.sparkConf.flatMap((setting) => ['--conf', setting]),
    join(CONTAINER_JOB_DIR, 'run_sql.py'),
    '--sql',
    join(CONTAINER_JOB_DIR, AGGREGATE_SQL_FILE),
    '--params',
    JSON.stringify(job.params),
    '--input',
    `${INPUT_VIEW}=${job.inputFolders.join(',')}`,
    '--base-path',
    job.basePath,
    '--output',
    job.output,
    '--app-name',
    job.appName,
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
  /** Host port on 127.0.0.1 for the driver UI (4040 inside). */
  readonly uiPort: number;
}

export function localCommand(container: LocalContainer, job: JobSpec): string[] {
  return [
    'run',
    '--rm',
    '--name',
    container.name,
    '--publish',
    `127.0.0.1:${container.uiPort}:4040`,
    '--volume',
    `${container.outputDir}:${CONTAINER_OUTPUT_DIR}`,
    '--volume',
    `${container.sparkJobDir}:${CONTAINER_SPARK_JOB_DIR}:ro`,
    container.image,
    ...sparkSubmit('local[*]', job),
  ];
}
