// Where a cluster-mode job goes: the compose cluster's containers found by name (`<cluster>-spark-submit`,
// `<cluster>-spark-master`), the host ports they publish (so nothing is configured twice), and where the
// host's data folder appears inside them. Anything missing is a ClusterDown with what to run.
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { ClusterDown, waitForAliveWorkers } from './cluster-status.ts';
import { COMPOSE_FILE } from './compose.ts';
import { type ContainerInfo, inspectContainer } from './docker-cli.ts';
import type { ClusterAccess } from '../config.ts';
import { UsageError } from '../../core/errors.ts';

/** The data folder inside every container of the compose file. */
export const CONTAINER_OUTPUT_DIR = '/opt/neo/output';
export const CONTAINER_SPARK_JOB_DIR = '/opt/neo/spark-job';
export const MASTER_URL = 'spark://spark-master:7077';
/** The compose file's default host port of the history server, for a history container not running. */
const HISTORY_UI_PORT = 18080;

export interface ClusterTarget {
  readonly submitContainer: string;
  readonly masterUiUrl: string;
  /** The Spark History Server, where a finished application's UI stays. */
  readonly historyUiUrl: string;
  /** Host folder mounted at CONTAINER_OUTPUT_DIR: spark-events/ lives there. */
  readonly mountedOutputDir: string;
  /** The job's data folder as the containers see it. */
  readonly containerOutputDir: string;
}

export function startHint(cluster: string): string {
  const prefix = cluster === 'neo' ? '' : `NEO_CLUSTER=${cluster} `;
  return (
    `start it with \`${prefix}docker-compose -f ${COMPOSE_FILE} up -d\` (or \`npm start\`, which also ingests), ` +
    'or run with --local'
  );
}

const localUrl = (port: number) => `http://127.0.0.1:${port}`;

/** The master UI on the host: the configured port (SPARK_MASTER_UI_PORT), else the one its container publishes. */
export function masterUiUrl(master: ContainerInfo, access: ClusterAccess): string | null {
  const port = access.masterUiPort ?? master.ports.get('8080/tcp');
  return port === undefined ? null : localUrl(port);
}

/** The history server on the host: the configured port (SPARK_HISTORY_UI_PORT), else its container's. */
export function historyUiUrl(history: ContainerInfo | null, access: ClusterAccess): string {
  return localUrl(access.historyUiPort ?? history?.ports.get('18080/tcp') ?? HISTORY_UI_PORT);
}

/** Waits (bounded by access.clusterWaitMs) for `workers` ALIVE workers; ClusterDown with the start hint. */
export async function waitForWorkers(url: string, workers: number, access: ClusterAccess): Promise<void> {
  await waitForAliveWorkers(url, workers, access.clusterWaitMs).catch((error: Error) => {
    throw new ClusterDown(
      `the Spark cluster "${access.cluster}" is not ready: ${error.message}: ${startHint(access.cluster)}`,
    );
  });
}

export async function findCluster(access: ClusterAccess, outputDir: string): Promise<ClusterTarget> {
  const { cluster } = access;
  const submitContainer = `${cluster}-spark-submit`;
  const masterContainer = `${cluster}-spark-master`;
  const [submit, master, history] = await Promise.all(
    [submitContainer, masterContainer, `${cluster}-spark-history`].map(inspectContainer),
  );
  if (submit?.running !== true || master?.running !== true) {
    const [name, info] = submit?.running !== true ? [submitContainer, submit] : [masterContainer, master];
    throw new ClusterDown(
      `the Spark cluster "${cluster}" is not up (container ${name} is ${info === null ? 'missing' : 'stopped'}): ` +
        startHint(cluster),
    );
  }
  const masterUi = masterUiUrl(master, access);
  const mount = submit.mounts.find((m) => m.destination === CONTAINER_OUTPUT_DIR);
  if (masterUi === null || mount === undefined)
    throw new ClusterDown(
      `the containers of "${cluster}" do not publish the master UI or mount the data folder ` +
        `as ${COMPOSE_FILE} ` +
        `does: recreate them (docker-compose -f ${COMPOSE_FILE} up -d --force-recreate)`,
    );
  await waitForWorkers(masterUi, 1, access);

  // The containers see only what is under the folder they were started with (NEO_OUTPUT_DIR).
  const mounted = await realpath(mount.source).catch(() => mount.source);
  const wanted = await realpath(outputDir).catch(() => outputDir);
  const inside = relative(mounted, wanted);
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new UsageError(
      `the cluster "${cluster}" was started with data folder ${mounted} (NEO_OUTPUT_DIR) ` +
        `and cannot see ${outputDir}: ` +
        `use --output-dir ${mounted}, restart the cluster with NEO_OUTPUT_DIR=${outputDir}, or run with --local`,
    );
  return {
    submitContainer,
    masterUiUrl: masterUi,
    historyUiUrl: historyUiUrl(history ?? null, access),
    mountedOutputDir: mounted,
    containerOutputDir: inside === '' ? CONTAINER_OUTPUT_DIR : join(CONTAINER_OUTPUT_DIR, inside),
  };
}
