// The tests' set-up and tear-down, as vitest fixtures: a test names what it needs in its context, and the
// fixture makes it before and removes it after, whatever the test's outcome. Import `test`/`it` from here.
//
// Two scopes: the plain names are made for one test; `file*` names once per test file, for files whose
// tests share one expensive run (and for `test.beforeAll`, which sees only file-scoped fixtures).
//   tempDir / fileTempDir      an empty folder under the OS temp dir, removed with all in it
//   standin / fileStandin      a running stand-in API, built from `standinApi`; set that for a file with
//                              test.override({ standinApi: new StandinApi().withSeed(7) }) at its top level
//   startStandin(configure)    starts stand-ins configured per call; stops every one after the test
//   mountTmpfs(name, size)     a small tmpfs in fileTempDir (needs root), unmounted after the file
//   cli                        runs entry points as child processes (cli.ts); kills any left running
//   startSparkCluster(cluster) starts a SparkTestCluster (spark-cluster.ts); stops every one after the file
//   fileBrowser                headless Debian Chromium (playwright-core), closed after the file
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { test as base } from 'vitest';
import type { RunningStandin } from '../../standin/server.ts';
import { StandinApi } from '../../standin/standin-api.ts';
import { type CliOptions, type CliRun, type RunningCli, startCli } from './cli.ts';
import type { SparkTestCluster, StartedSparkCluster } from './spark-cluster.ts';

/** Debian's chromium in a container or CI runner: no sandbox, GPU or network chatter of its own. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

type OnCleanup = (cleanup: () => Promise<void> | void) => void;

export interface CliRunner {
  start(command: string, args: readonly string[], options?: CliOptions): RunningCli;
  run(command: string, args: readonly string[], options?: CliOptions): Promise<CliRun>;
}

async function tempDir(onCleanup: OnCleanup): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'neo-test-'));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function started(api: StandinApi, onCleanup: OnCleanup): Promise<RunningStandin> {
  const standin = await api.start();
  onCleanup(() => standin.stop());
  return standin;
}

export const test = base
  .extend('tempDir', ({}, { onCleanup }) => tempDir(onCleanup))
  .extend('fileTempDir', { scope: 'file' }, ({}, { onCleanup }) => tempDir(onCleanup))
  .extend('standinApi', { scope: 'file' }, new StandinApi())
  .extend('standin', ({ standinApi }, { onCleanup }) => started(standinApi, onCleanup))
  .extend('fileStandin', { scope: 'file' }, ({ standinApi }, { onCleanup }) => started(standinApi, onCleanup))
  .extend('startStandin', ({}, { onCleanup }) => {
    const running: RunningStandin[] = [];
    onCleanup(async () => {
      await Promise.all(running.map((standin) => standin.stop()));
    });
    return async (configure: (api: StandinApi) => StandinApi = (api) => api) => {
      const standin = await configure(new StandinApi()).start();
      running.push(standin);
      return standin;
    };
  })
  // Depends on fileTempDir so that it is torn down first: a folder holding a mount cannot be removed.
  .extend('mountTmpfs', { scope: 'file' }, ({ fileTempDir }, { onCleanup }) => {
    const mounted: string[] = [];
    onCleanup(() => {
      for (const mountPoint of mounted.reverse()) execFileSync('umount', [mountPoint]);
    });
    return async (name: string, size: string): Promise<string> => {
      if (process.getuid?.() !== 0)
        throw new Error(`mounting a ${size} tmpfs (mount -t tmpfs) to fill up needs root: run the test suite as root`);
      const mountPoint = join(fileTempDir, name);
      await mkdir(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint]);
      mounted.push(mountPoint);
      return mountPoint;
    };
  })
  .extend('cli', { scope: 'file' }, ({}, { onCleanup }): CliRunner => {
    const running = new Set<RunningCli>();
    // A test that failed half-way may leave a child running: end it, so it writes nothing after the test.
    onCleanup(async () => {
      for (const cli of running) cli.child.kill('SIGKILL');
      await Promise.allSettled([...running].map((cli) => cli.done));
    });
    const start = (command: string, args: readonly string[], options?: CliOptions) => {
      const cli = startCli(command, args, options);
      running.add(cli);
      cli.done.then(
        () => running.delete(cli),
        () => running.delete(cli),
      );
      return cli;
    };
    return { start, run: (command, args, options) => start(command, args, options).done };
  })
  // Depends on mountTmpfs so that it is torn down first: a cluster's data folder may be such a mount.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- named only for that order
  .extend('startSparkCluster', { scope: 'file' }, ({ mountTmpfs }, { onCleanup }) => {
    const running: StartedSparkCluster[] = [];
    onCleanup(async () => {
      await Promise.all(running.map((cluster) => cluster.stop()));
    });
    return async (cluster: SparkTestCluster): Promise<StartedSparkCluster> => {
      const started = await cluster.start();
      running.push(started);
      return started;
    };
  })
  .extend('fileBrowser', { scope: 'file' }, async ({}, { onCleanup }): Promise<Browser> => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    onCleanup(() => browser.close());
    return browser;
  });

export const it = test;
