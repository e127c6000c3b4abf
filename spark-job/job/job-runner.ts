// Where the job runs, behind one interface: on the compose cluster (docker exec into its submit
// container) or --local (a one-off container of the same image, Spark in local[*] mode). Each says where
// the containers see the data, and how to stop a running application.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CONTAINER_OUTPUT_DIR, MASTER_URL, findCluster } from '../cluster/cluster-target.ts';
import type { SubmitConfig } from '../config.ts';
import { docker } from '../cluster/docker-cli.ts';
import { killApplication } from '../cluster/master-kill.ts';
import { FOLDERS } from '../../core/layout.ts';
import { type JobSpec, clusterCommand, localCommand } from './spark-submit-command.ts';

/** How long a kill waits for a driver that is still starting to register with the master. */
const KILL_WAIT_MS = 90_000;

export interface JobRunner {
  /** For messages: where the job ran. */
  readonly description: string;
  /** The standalone master's web UI; null in local mode. */
  readonly masterUiUrl: string | null;
  /** The Spark History Server, where a finished application's UI stays; null in local mode. */
  readonly historyUiUrl: string | null;
  /** The job's data folder as the containers see it. */
  readonly containerOutputDir: string;
  /** Host folder of spark.eventLog.dir, which must be writable by uid 1000. */
  readonly eventsDir: string;
  dockerArgs(job: JobSpec): string[];
  /** Stops the application named `appName` if it is (or soon will be) running; never throws. */
  kill(appName: string): Promise<void>;
}

export async function clusterRunner(config: SubmitConfig): Promise<JobRunner> {
  const target = await findCluster(config, config.outputDir);
  return {
    description: `Spark cluster "${config.cluster}" (${MASTER_URL})`,
    masterUiUrl: target.masterUiUrl,
    historyUiUrl: target.historyUiUrl,
    containerOutputDir: target.containerOutputDir,
    eventsDir: join(target.mountedOutputDir, FOLDERS.sparkEvents),
    dockerArgs: (job) => clusterCommand(target.submitContainer, job),
    kill: (appName) =>
      killApplication(target.masterUiUrl, appName, KILL_WAIT_MS).then(
        () => {},
        () => {},
      ),
  };
}

export async function localRunner(config: SubmitConfig, sparkJobDir: string): Promise<JobRunner> {
  const name = `${config.cluster}-spark-local-${randomUUID().slice(0, 8)}`;
  return {
    description: `Spark local[*] in a one-off container of ${config.image}`,
    masterUiUrl: null,
    historyUiUrl: null,
    containerOutputDir: CONTAINER_OUTPUT_DIR,
    eventsDir: join(config.outputDir, FOLDERS.sparkEvents),
    dockerArgs: (job) => localCommand({ name, image: config.image, outputDir: config.outputDir, sparkJobDir }, job),
    async kill() {
      await docker(['kill', name]).catch(() => {});
    },
  };
}
