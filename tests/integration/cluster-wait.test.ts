// Waiting for the cluster always ends, with a message and exit 11, never Node's silent 13. While a
// container's port is not listening yet, docker-proxy accepts a connection and closes it without a reply;
// Node 20's fetch never settles on that. Here two real TCP servers on 127.0.0.1 play that master UI (one
// closes every connection at once, one accepts and never answers) and the real commands, as child
// processes, are pointed at them (SPARK_MASTER_UI_PORT) beside sleeping containers named as the cluster's.
// Then `npm start` from a stopped compose cluster brings it up and gets as far as the ingest.
import { execFileSync } from 'node:child_process';
import { type Server, type Socket, createServer } from 'node:net';
import { describe, expect } from 'vitest';
import { EXIT as INGEST_EXIT } from '../../ingest/exit-codes.ts';
import { sparkImage } from '../../spark-job/config.ts';
import { EXIT as SUBMIT_EXIT } from '../../spark-job/exit-codes.ts';
import { SUBMIT } from '../support/cli.ts';
import { closedPort } from '../support/closed-port.ts';
import { it } from '../support/fixtures.ts';
import { writeRawBatches } from '../support/raw-batches.ts';
import { SparkTestCluster, type StartedSparkCluster } from '../support/spark-cluster.ts';

const START = 'scripts/start.ts';
const IMAGE = sparkImage(process.env);
const SERVICES = ['spark-master', 'spark-worker-1', 'spark-worker-2', 'spark-submit'];

interface FakeMasterUi {
  readonly port: number;
  connections: number;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that closes each connection at once, or holds it open without a byte. */
async function fakeMasterUi(behaviour: 'close' | 'silent'): Promise<FakeMasterUi> {
  const sockets = new Set<Socket>();
  const fake = { port: 0, connections: 0, close: async () => {} };
  const server: Server = createServer((socket) => {
    fake.connections += 1;
    if (behaviour === 'close') socket.destroy();
    else sockets.add(socket);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  fake.port = (server.address() as { port: number }).port;
  fake.close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((closed) => server.close(() => closed()));
  };
  return fake;
}

const docker = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8' });

/** Sleeping containers named as a cluster's, so the commands get as far as the master UI; nothing in them listens. */
const test = it
  .extend('idleCluster', { scope: 'file' }, async ({ fileTempDir: dataDir }, { onCleanup }) => {
    const name = `neo-test-wait-${process.pid}`;
    onCleanup(() => {
      execFileSync('docker', ['rm', '-f', ...SERVICES.map((service) => `${name}-${service}`)], { stdio: 'ignore' });
    });
    await writeRawBatches({ outputDir: dataDir, batches: [1] });
    for (const service of SERVICES) {
      const submitOnly = service === 'spark-submit' ? ['-v', `${dataDir}:/opt/neo/output`] : [];
      docker(['run', '-d', '--rm', '--name', `${name}-${service}`, ...submitOnly, IMAGE, 'sleep', 'infinity']);
    }
    return { name, dataDir };
  })
  .extend('startFakeMasterUi', ({}, { onCleanup }) => {
    const fakes: FakeMasterUi[] = [];
    onCleanup(async () => {
      await Promise.all(fakes.map((fake) => fake.close()));
    });
    return async (behaviour: 'close' | 'silent') => {
      const fake = await fakeMasterUi(behaviour);
      fakes.push(fake);
      return fake;
    };
  });

describe('the cluster wait against a master UI that never answers', () => {
  // Arguments are made in the test: the data dir exists only once the file's fixtures are up.
  const commands = [
    ['npm start', START, (dir: string) => ['--total', '20', '--output-dir', dir]],
    ['./submit_spark_job.sh', SUBMIT, (dir: string) => ['1', '1', '--output-dir', dir]],
  ] as const;
  for (const behaviour of ['close', 'silent'] as const) {
    for (const [name, entry, args] of commands) {
      test(`${name}: a master UI that ${behaviour === 'close' ? 'closes without a reply' : 'never answers'}`, async ({
        cli,
        idleCluster: { name: cluster, dataDir },
        startFakeMasterUi,
      }) => {
        const fake = await startFakeMasterUi(behaviour);
        // The API for runs that must not reach any real one.
        const apiPort = await closedPort();
        const run = await cli.run(entry, args(dataDir), {
          env: {
            NEO_CLUSTER: cluster,
            NEO_OUTPUT_DIR: dataDir,
            SPARK_MASTER_UI_PORT: String(fake.port),
            NEO_CLUSTER_WAIT_S: '3',
            NASA_API_BASE_URL: `http://127.0.0.1:${apiPort}`,
          },
        });
        expect(fake.connections).toBeGreaterThan(0);
        expect(run.code, run.stderr).toBe(SUBMIT_EXIT.clusterDown);
        const url = `http://127.0.0.1:${fake.port}`;
        expect(run.stderr).toContain(`error: the Spark cluster "${cluster}" is not ready: the Spark master at ${url}`);
        expect(run.stderr).toMatch(
          // Closed without a reply, fetch fails at once (closed, reset) or, as behind docker-proxy, never settles.
          /did not show \d ALIVE worker\(s\) within 3 s \(last: no reply from \S+( within \d+ s|: [^)]+)\)/,
        );
        // Nothing was ingested: the run stopped at the cluster.
        expect(run.stderr).not.toMatch(/cannot reach/);
      }, 120_000);
    }
  }
});

describe('npm start from a stopped cluster', () => {
  const name = 'neo-test-cluster-wait';
  const portBase = 21000;
  let cluster: StartedSparkCluster;

  it.beforeAll(async ({ startSparkCluster }) => {
    cluster = await startSparkCluster(new SparkTestCluster().withName(name).withPortBase(portBase));
    docker(['stop', ...SERVICES.map((service) => `${name}-${service}`)]);
  }, 600_000);

  it('starts the cluster, waits for both workers and reaches the ingest', async ({ cli }) => {
    const apiPort = await closedPort();
    const run = await cli.run(START, ['--total', '20', '--output-dir', cluster.outputDir], {
      // The settings the cluster was created with, so compose starts these containers again: with one left
      // out (the history port was), it recreated that container on the default port, taken by a developer's cluster.
      env: { ...cluster.composeEnv, NASA_API_BASE_URL: `http://127.0.0.1:${apiPort}` },
    });
    expect(run.stderr).toContain(`starting the Spark cluster "${name}"`);
    expect(run.stderr).toContain(`Spark cluster "${name}" is up with 2 ALIVE workers: ${cluster.masterUiUrl}`);
    // The ingest ran and stopped on the API it cannot reach, with its documented exit and hint.
    expect(run.code, run.stderr).toBe(INGEST_EXIT.batchesFailed);
    expect(run.stderr + run.stdout).toContain(`cannot reach http://127.0.0.1:${apiPort}`);
    expect(run.stderr + run.stdout).toContain('npm start -- --offline');
  }, 600_000);
});
