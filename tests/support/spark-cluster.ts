// Starts the project's own docker-compose-cluster.yml with testcontainers, on its own ports, container
// names and output folder, so it runs beside a cluster a developer may have up.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import { FOLDERS } from '../../core/layout.ts';
import { waitForAliveWorkers } from '../../spark-job/cluster/cluster-status.ts';
import { COMPOSE_FILE, hasComposeV2 } from '../../spark-job/cluster/compose.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface StartedSparkCluster {
  readonly name: string;
  readonly outputDir: string;
  readonly masterUiUrl: string;
  readonly workerUiUrls: readonly [string, string];
  readonly environment: StartedDockerComposeEnvironment;
  /** The compose file's knobs it was started with (NEO_CLUSTER, ports ...): the same again start it again. */
  readonly composeEnv: Readonly<Record<string, string>>;
  /** Runs a command in the submit container; resolves with its output whatever the exit code. */
  exec(command: string[]): Promise<{ exitCode: number; output: string }>;
  stop(): Promise<void>;
}

export class SparkTestCluster {
  private name = `neo-test-${process.pid}`;
  private outputDir?: string;
  private portBase = 18000;

  withName(name: string): this {
    this.name = name;
    return this;
  }

  withOutputDir(dir: string): this {
    this.outputDir = dir;
    return this;
  }

  /** Master UI on base+80, RPC base+77, worker UIs base+81/82, driver UI base+40. */
  withPortBase(base: number): this {
    this.portBase = base;
    return this;
  }

  async start(): Promise<StartedSparkCluster> {
    const ownsOutputDir = this.outputDir === undefined;
    const outputDir = this.outputDir ?? mkdtempSync(join(tmpdir(), 'neo-cluster-'));
    for (const dir of [outputDir, join(outputDir, FOLDERS.sparkEvents), join(outputDir, FOLDERS.aggregations)]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o777); // the containers write as uid 1000
    }
    const port = (offset: number) => String(this.portBase + offset);
    // Compose v2 when the docker CLI has it, else Debian's standalone docker-compose v1.
    const client = (await hasComposeV2()) ? {} : { executable: { standalone: true as const } };
    const composeEnv = {
      NEO_CLUSTER: this.name,
      NEO_OUTPUT_DIR: outputDir,
      SPARK_MASTER_UI_PORT: port(80),
      SPARK_MASTER_PORT: port(77),
      SPARK_WORKER1_UI_PORT: port(81),
      SPARK_WORKER2_UI_PORT: port(82),
      SPARK_DRIVER_UI_PORT: port(40),
      SPARK_HISTORY_UI_PORT: port(90),
    };
    const environment = await new DockerComposeEnvironment(ROOT, COMPOSE_FILE)
      .withProjectName(this.name)
      .withClientOptions(client)
      .withEnvironment(composeEnv)
      .withDefaultWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(180_000)
      .up();
    const masterUiUrl = `http://127.0.0.1:${port(80)}`;
    try {
      await waitForAliveWorkers(masterUiUrl, 2, 120_000);
    } catch (error) {
      await environment.down({ timeout: 5_000 });
      throw error;
    }
    // Container names are `<project>-<service>`; testcontainers keys them by service.
    const submit = environment.getContainer('spark-submit');
    return {
      name: this.name,
      outputDir,
      masterUiUrl,
      workerUiUrls: [`http://127.0.0.1:${port(81)}`, `http://127.0.0.1:${port(82)}`],
      environment,
      composeEnv,
      exec: async (command) => {
        const result = await submit.exec(command);
        return { exitCode: result.exitCode, output: result.output };
      },
      stop: async () => {
        await environment.down({ timeout: 5_000, removeVolumes: true });
        // Files in it belong to the containers' uid 1000: removable here as root (CI), maybe not elsewhere.
        if (ownsOutputDir) rmSync(outputDir, { recursive: true, force: true });
      },
    };
  }
}
