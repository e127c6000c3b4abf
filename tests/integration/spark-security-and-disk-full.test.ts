// The Spark side, hardened, on its own compose cluster (neo-test-hardening, ports 20000+) whose data folder
// is a small tmpfs, with another one mounted at its aggregations/ (so that either can be filled up):
// - every container runs as a non-root user, publishes ports on 127.0.0.1 only, and mounts nothing but the
//   data folder (and the job files, read-only);
// - with NASA_API_KEY set for both the ingest and the submit wrapper, the key is nowhere: not in any file
//   the pipeline writes (landing, raw, quarantine, manifest, aggregations, Spark's zstd event logs, all
//   decoded), not in what either command printed, not in any container's log;
// - a full disk, either the whole data folder's (Spark cannot even start its event log) or only the
//   aggregation output's (the job runs, its result cannot be written): exit 12 with a message that says
//   so, the previous result left as it was, no staging folder left; freed, the next run writes.
//
// Needs root, to mount the tmpfs: it fails (not skips) when run as another user.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, realpath, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect } from 'vitest';
import { StandinApi } from '../../standin/standin-api.ts';
import { EXIT as SUBMIT_EXIT } from '../../spark-job/exit-codes.ts';
import { type CliRun, FAST, INGEST, SECRET_KEY, SUBMIT } from '../support/cli.ts';
import { type CliRunner, it } from '../support/fixtures.ts';
import { filesHoldingKey, listFiles } from '../support/ingest-output.ts';
import { runPythonJson } from '../support/python.ts';
import { SparkTestCluster } from '../support/spark-cluster.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const NAME = 'neo-test-hardening';
const PORT_BASE = 20000;
const SERVICES = ['spark-master', 'spark-worker-1', 'spark-worker-2', 'spark-submit'] as const;
const TMPFS_SIZE = { data: '128m', aggregations: '16m' };

interface InspectedContainer {
  Config: { User: string; Image: string };
  HostConfig: {
    Privileged: boolean;
    NetworkMode: string;
    PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null;
  };
  NetworkSettings: { Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null };
  Mounts: Array<{ Type: string; Source: string; Destination: string; RW: boolean }>;
}

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' });
const inspect = (container: string) =>
  (JSON.parse(docker('inspect', '--type', 'container', container)) as InspectedContainer[])[0]!;
const containerName = (service: string) => `${NAME}-${service}`;

it.override({ standinApi: new StandinApi().withSeed(23).withCatalogueSize(100) });

describe('Spark cluster and aggregation, hardened', () => {
  let data: string;
  let aggregations: string;
  let cli: CliRunner;
  const printed: Record<string, string> = {};
  // The key is in the environment of every command, as it would be in a shell that exported it.
  const submit = (label: string) =>
    cli.run(SUBMIT, ['1', '5', '--output-dir', data, '--cluster', NAME], { key: SECRET_KEY }).then((run) => {
      printed[`${label} stdout`] = run.stdout;
      printed[`${label} stderr`] = run.stderr;
      return run;
    });

  it.beforeAll(async ({ fileStandin: api, fileTempDir: work, mountTmpfs, cli: runner, startSparkCluster }) => {
    cli = runner;
    data = await mountTmpfs('data', TMPFS_SIZE.data);
    aggregations = await mountTmpfs('data/aggregations', TMPFS_SIZE.aggregations);
    const ingest: CliRun = await cli.run(
      INGEST,
      ['--total', '100', '--output-dir', data, '--api-url', api.url, ...FAST],
      { cwd: work },
    );
    expect(ingest.code, ingest.stderr).toBe(0);
    printed['ingest stdout'] = ingest.stdout;
    printed['ingest stderr'] = ingest.stderr;
    await startSparkCluster(new SparkTestCluster().withName(NAME).withPortBase(PORT_BASE).withOutputDir(data));
  });

  describe.each(SERVICES)('container %s', (service) => {
    it('runs every process as a non-root user, as its image says', () => {
      const container = containerName(service);
      expect(docker('exec', container, 'id', '-u').trim()).not.toBe('0');
      const uids = docker('exec', container, 'ps', '-eo', 'uid=').trim().split(/\s+/);
      expect(uids.length).toBeGreaterThan(0);
      expect(uids.filter((uid) => uid === '0')).toEqual([]);
      const info = inspect(container);
      const imageUser = docker('image', 'inspect', '--format', '{{.Config.User}}', info.Config.Image).trim();
      expect(imageUser).not.toMatch(/^(|root|0)(:.*)?$/);
      expect(info.Config.User).toBe(imageUser);
      expect(info.HostConfig.Privileged).toBe(false);
      expect(info.HostConfig.NetworkMode).not.toBe('host');
    });

    it('publishes its ports on 127.0.0.1 only', () => {
      const info = inspect(containerName(service));
      const declared = Object.values(info.HostConfig.PortBindings ?? {}).flatMap((bindings) => bindings ?? []);
      const live = Object.values(info.NetworkSettings.Ports ?? {}).flatMap((bindings) => bindings ?? []);
      expect(declared.length).toBeGreaterThan(0);
      expect(declared.filter((binding) => binding.HostIp !== '127.0.0.1')).toEqual([]);
      expect(live.filter((binding) => binding.HostIp !== '127.0.0.1')).toEqual([]);
    });

    it('mounts only the data folder, and the job files read-only', async () => {
      const mounts = inspect(containerName(service)).Mounts.map((m) => ({
        type: m.Type,
        source: m.Source,
        destination: m.Destination,
        rw: m.RW,
      }));
      const expected = [{ type: 'bind', source: await realpath(data), destination: '/opt/neo/output', rw: true }];
      if (service === 'spark-submit')
        expected.push({ type: 'bind', source: join(ROOT, 'spark-job'), destination: '/opt/neo/spark-job', rw: false });
      const byDestination = (a: { destination: string }, b: { destination: string }) =>
        a.destination.localeCompare(b.destination);
      expect(mounts.sort(byDestination)).toEqual(expected.sort(byDestination));
    });
  });

  it('never writes or prints the API key: files (decoded), command output', async () => {
    const run = await submit('submit');
    expect(run.code, run.stderr).toBe(SUBMIT_EXIT.ok);
    const files = await listFiles(data);
    // The search covers every kind of file the pipeline writes.
    for (const kind of [
      /^landing\/.*\.json$/,
      /^raw\/.*\.parquet$/,
      /^manifest\.json$/,
      /^aggregations\/batches-1-5\/part-.*\.parquet$/,
      /^spark-events\/.*\.zstd$/,
    ])
      expect(
        files.some((path) => kind.test(path)),
        String(kind),
      ).toBe(true);
    expect(await filesHoldingKey(data, printed)).toEqual([]);
  });

  // Freed, the next run writes the result: checked once, after the second (a submit takes ~30 s here).
  // The whole folder full: the submit cannot even record itself as the aggregation lock's holder, and stops
  // before submitting (1); only the output full: Spark fails writing it (12).
  it.each([
    ['the whole data folder', () => data, SUBMIT_EXIT.unexpected, false],
    ['only the aggregation output', () => aggregations, SUBMIT_EXIT.jobFailed, true],
  ])(
    'a full disk (%s): non-zero exit saying so, the previous result intact',
    async (what, fileSystem, code, thenFree) => {
      const resultDir = join(aggregations, 'batches-1-5');
      const before = await folderState(resultDir);
      expect(before.files.length).toBeGreaterThan(0);
      const ballast = join(fileSystem(), 'ballast');
      const { bavail, bsize } = await statfs(fileSystem());
      await writeFile(ballast, Buffer.alloc(bavail * bsize));
      try {
        const full = await submit(`submit, ${what} full`);
        console.log(`submit with ${what} full: exit ${full.code}; ${/^error: .*$/m.exec(full.stderr)?.[0]}`);
        expect(full.code).toBe(code);
        expect(full.stderr).toMatch(/^error: .*disk full/m);
        expect(await folderState(resultDir)).toEqual(before);
        // No staging folder left behind, hidden or not, beside the result.
        expect(
          (await listFiles(aggregations)).filter((path) => !path.startsWith('batches-1-5/') && path !== 'ballast'),
        ).toEqual([]);
      } finally {
        await rm(ballast);
      }
      if (!thenFree) return;
      const freed = await submit(`submit, ${what} freed`);
      expect(freed.code, freed.stderr).toBe(SUBMIT_EXIT.ok);
      const after = await folderState(resultDir);
      expect(after.identity).not.toBe(before.identity);
      expect(after.metrics).toEqual(before.metrics);
    },
  );

  it('after every run, failed ones included: no container log or file holds the key', async () => {
    for (const service of SERVICES) {
      const logs = spawnSync('docker', ['logs', containerName(service)], { encoding: 'utf8' });
      const all = logs.stdout + logs.stderr;
      // The submit container only sleeps (jobs run in it through docker exec); the daemons log.
      if (service !== 'spark-submit') expect(all.length, `docker logs ${containerName(service)}`).toBeGreaterThan(0);
      expect(all.includes(SECRET_KEY), `docker logs ${containerName(service)}`).toBe(false);
    }
    expect(await filesHoldingKey(data, printed)).toEqual([]);
  });
});

function readMetrics(dir: string): Record<string, number> {
  const rows = runPythonJson<Array<{ metric: string; value: number }>>('duckdb_query.py', [
    `SELECT metric, value FROM read_parquet('${dir}/part-*.parquet')`,
  ]);
  return Object.fromEntries(rows.map((row) => [row.metric, row.value]));
}

/** A result folder as a reader sees it: which folder, which files with which bytes, which metrics. */
async function folderState(dir: string) {
  const info = await stat(dir);
  const files: Array<[string, string]> = [];
  for (const path of await listFiles(dir))
    files.push([
      path,
      createHash('sha256')
        .update(await readFile(join(dir, path)))
        .digest('hex'),
    ]);
  return { identity: `${info.dev}:${info.ino}`, files, metrics: readMetrics(dir) };
}
