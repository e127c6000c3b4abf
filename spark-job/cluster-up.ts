// Brings the compose cluster up when it is not (for `npm start`): `docker compose` (v2) where the docker
// CLI has it, else Debian's `docker-compose` (v1); then waits until the master shows both workers ALIVE.
import { execFile, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { aliveWorkers, masterStatus, waitForAliveWorkers } from './cluster-status.ts';
import { ENV } from './config.ts';
import { inspectContainer } from './docker-cli.ts';

export const COMPOSE_FILE = 'docker-compose-cluster.yml';
export const WORKERS = 2;

/** `docker compose` when the docker CLI has the v2 plugin, else `docker-compose`. */
export async function composeCommand(): Promise<[string, ...string[]]> {
  try {
    await promisify(execFile)('docker', ['compose', 'version']);
    return ['docker', 'compose'];
  } catch {
    return ['docker-compose'];
  }
}

export interface ClusterUpOptions {
  readonly projectDir: string;
  readonly cluster: string;
  /** Host data folder the containers mount (NEO_OUTPUT_DIR). */
  readonly outputDir: string;
  readonly log: (line: string) => void;
  readonly timeoutMs?: number;
}

async function masterUiUrlOf(cluster: string): Promise<string | null> {
  const master = await inspectContainer(`${cluster}-spark-master`);
  const port = master?.running === true ? master.ports.get('8080/tcp') : undefined;
  return port === undefined ? null : `http://127.0.0.1:${port}`;
}

/** Returns the master UI URL once WORKERS workers are ALIVE, starting the cluster first if needed. */
export async function ensureClusterUp({ projectDir, cluster, outputDir, log, timeoutMs = 180_000 }: ClusterUpOptions): Promise<string> {
  const running = await masterUiUrlOf(cluster);
  if (running !== null) {
    const status = await masterStatus(running).catch(() => null);
    const submit = await inspectContainer(`${cluster}-spark-submit`);
    if (status !== null && aliveWorkers(status).length >= WORKERS && submit?.running === true) {
      log(`Spark cluster "${cluster}" is up: ${running}`);
      return running;
    }
  }
  // Docker would create a missing bind-mount source as root; make it as the caller instead.
  await mkdir(outputDir, { recursive: true });
  const [command, ...prefix] = await composeCommand();
  log(`starting the Spark cluster "${cluster}": ${[command, ...prefix].join(' ')} -f ${COMPOSE_FILE} up -d`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, [...prefix, '-f', COMPOSE_FILE, 'up', '-d'], {
      cwd: projectDir,
      env: { ...process.env, [ENV.cluster]: cluster, [ENV.outputDir]: outputDir },
      stdio: ['ignore', 2, 2], // stdout is for the result table
    });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${prefix.join(' ')} up -d exited with ${code}`))));
  });
  const url = await masterUiUrlOf(cluster);
  if (url === null) throw new Error(`the Spark master container ${cluster}-spark-master is not running after compose up`);
  await waitForAliveWorkers(url, WORKERS, timeoutMs);
  log(`Spark cluster "${cluster}" is up with ${WORKERS} ALIVE workers: ${url}`);
  return url;
}
