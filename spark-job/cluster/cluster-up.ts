// Brings the compose cluster up when it is not (for `npm start`), then waits, bounded, until the master
// shows both workers ALIVE. Containers that exist are started under the compose project that made them.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { ClusterDown } from './cluster-status.ts';
import { masterUiUrl, waitForWorkers } from './cluster-target.ts';
import { COMPOSE_FILE, composeCommand } from './compose.ts';
import { inspectContainer } from './docker-cli.ts';
import { type ClusterAccess, ENV } from '../config.ts';

export const WORKERS = 2;
const SERVICES = ['spark-master', 'spark-worker-1', 'spark-worker-2', 'spark-submit'] as const;

export interface ClusterUpOptions {
  readonly projectDir: string;
  readonly access: ClusterAccess;
  /** Host data folder the containers mount (NEO_OUTPUT_DIR). */
  readonly outputDir: string;
  readonly log: (line: string) => void;
}

async function composeUp(
  { projectDir, access, outputDir, log }: ClusterUpOptions,
  project: string | null,
): Promise<void> {
  // Docker would create a missing bind-mount source as root; make it as the caller instead.
  await mkdir(outputDir, { recursive: true });
  const [command, ...prefix] = await composeCommand();
  const args = [...prefix, ...(project === null ? [] : ['-p', project]), '-f', COMPOSE_FILE, 'up', '-d'];
  log(`starting the Spark cluster "${access.cluster}": ${[command, ...args].join(' ')}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: projectDir,
      env: { ...process.env, [ENV.cluster]: access.cluster, [ENV.outputDir]: outputDir },
      stdio: ['ignore', 2, 2], // stdout is for the result table
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new ClusterDown(`${[command, ...args].join(' ')} exited with ${code}`)),
    );
  });
}

/** Returns the master UI URL once WORKERS workers are ALIVE, starting the cluster first if needed. */
export async function ensureClusterUp(options: ClusterUpOptions): Promise<string> {
  const { cluster } = options.access;
  const containers = await Promise.all(SERVICES.map((service) => inspectContainer(`${cluster}-${service}`)));
  if (containers.some((container) => container?.running !== true))
    await composeUp(options, containers.find((container) => container?.composeProject)?.composeProject ?? null);
  const master = await inspectContainer(`${cluster}-spark-master`);
  const url = master?.running === true ? masterUiUrl(master, options.access) : null;
  if (url === null)
    throw new ClusterDown(`the Spark master container ${cluster}-spark-master is not running after compose up`);
  options.log(`waiting up to ${options.access.clusterWaitMs / 1000} s for ${WORKERS} ALIVE workers at ${url}`);
  await waitForWorkers(url, WORKERS, options.access);
  options.log(`Spark cluster "${cluster}" is up with ${WORKERS} ALIVE workers: ${url}`);
  return url;
}
