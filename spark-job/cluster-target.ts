// Where a cluster-mode job goes: the compose cluster's containers found by name (`<cluster>-spark-submit`,
// `<cluster>-spark-master`), the host ports they publish (so nothing is configured twice), and where the
// host's data folder appears inside them. Anything missing is a ClusterDown with what to run.
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { aliveWorkers, masterStatus } from './cluster-status.ts';
import { inspectContainer } from './docker-cli.ts';
import { UsageError } from '../core/errors.ts';

/** The data folder inside every container of the compose file. */
export const CONTAINER_OUTPUT_DIR = '/opt/neo/output';
export const CONTAINER_SPARK_JOB_DIR = '/opt/neo/spark-job';
export const MASTER_URL = 'spark://spark-master:7077';

export class ClusterDown extends Error {
  override readonly name = 'ClusterDown';
}

export interface ClusterTarget {
  readonly submitContainer: string;
  readonly masterUiUrl: string;
  readonly driverUiUrl: string;
  /** Host folder mounted at CONTAINER_OUTPUT_DIR: spark-events/ lives there. */
  readonly mountedOutputDir: string;
  /** The job's data folder as the containers see it. */
  readonly containerOutputDir: string;
}

export function startHint(cluster: string): string {
  const prefix = cluster === 'neo' ? '' : `NEO_CLUSTER=${cluster} `;
  return `start it with \`${prefix}docker-compose -f docker-compose-cluster.yml up -d\` (or \`npm start\`, which also ingests), or run with --local`;
}

const localUrl = (port: number) => `http://127.0.0.1:${port}`;

export async function findCluster(cluster: string, outputDir: string): Promise<ClusterTarget> {
  const submitContainer = `${cluster}-spark-submit`;
  const masterContainer = `${cluster}-spark-master`;
  const [submit, master] = await Promise.all([inspectContainer(submitContainer), inspectContainer(masterContainer)]);
  for (const [name, info] of [[submitContainer, submit], [masterContainer, master]] as const) {
    if (info === null || !info.running)
      throw new ClusterDown(`the Spark cluster "${cluster}" is not up (container ${name} is ${info === null ? 'missing' : 'stopped'}): ${startHint(cluster)}`);
  }
  const masterUiPort = master?.ports.get('8080/tcp');
  const driverUiPort = submit?.ports.get('4040/tcp');
  const mount = submit?.mounts.find((m) => m.destination === CONTAINER_OUTPUT_DIR);
  if (masterUiPort === undefined || driverUiPort === undefined || mount === undefined)
    throw new ClusterDown(`the containers of "${cluster}" do not publish the master UI, the driver UI or the data folder as docker-compose-cluster.yml does: recreate them (docker-compose -f docker-compose-cluster.yml up -d --force-recreate)`);

  const masterUiUrl = localUrl(masterUiPort);
  const status = await masterStatus(masterUiUrl).catch((error: Error) => {
    throw new ClusterDown(`the Spark master of "${cluster}" does not answer at ${masterUiUrl} (${error.message}): ${startHint(cluster)}`);
  });
  if (aliveWorkers(status).length === 0)
    throw new ClusterDown(`the Spark master of "${cluster}" has no ALIVE worker (see ${masterUiUrl}): ${startHint(cluster)}`);

  // The containers see only what is under the folder they were started with (NEO_OUTPUT_DIR).
  const mounted = await realpath(mount.source).catch(() => mount.source);
  const wanted = await realpath(outputDir).catch(() => outputDir);
  const inside = relative(mounted, wanted);
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new UsageError(
      `the cluster "${cluster}" was started with data folder ${mounted} (NEO_OUTPUT_DIR) and cannot see ${outputDir}: ` +
        `use --output-dir ${mounted}, restart the cluster with NEO_OUTPUT_DIR=${outputDir}, or run with --local`,
    );
  return {
    submitContainer,
    masterUiUrl,
    driverUiUrl: localUrl(driverUiPort),
    mountedOutputDir: mounted,
    containerOutputDir: inside === '' ? CONTAINER_OUTPUT_DIR : join(CONTAINER_OUTPUT_DIR, inside),
  };
}
