// Runs one of the project's command-line entry points as a real child process, the way a user or a
// scheduler would, and collects its exit, output and wall time.
//
// A .ts entry point runs as `node --import <tsx loader> FILE`: the same program `npx tsx FILE` and the npm
// scripts run, but as ONE process, so a SIGKILL really kills it (npx and the tsx launcher would leave
// their child running).
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export const INGEST = 'ingest/cli.ts';
export const SUBMIT = 'spark-job/cli.ts';

/** Distinctive, so a search of every output byte for it means something. */
export const SECRET_KEY = 'SECRET-KEY-12345';

/** Ingest flags that keep a run against the stand-in fast: quick pacing and retries. */
export const FAST = ['--rate', '50', '--retry-base-ms', '20', '--timeout-ms', '5000'];

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time, for the timings some tests print (never asserted). */
  readonly ms: number;
}

export interface CliOptions {
  /** Working directory (where a .env would be read); default the repository root. */
  readonly cwd?: string;
  /** Extra environment; NASA_* from the test's own environment never leak in. */
  readonly env?: Readonly<Record<string, string>>;
  /** NASA_API_KEY, as a shell that exported it would pass it; default SECRET_KEY, null to leave it unset. */
  readonly key?: string | null;
  readonly uid?: number;
  readonly gid?: number;
}

export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves when stderr has shown `count` lines matching `pattern` (or the process has ended). */
  waitForLines(pattern: RegExp, count: number): Promise<void>;
  readonly done: Promise<CliRun>;
}

function childEnv({ env: extra = {}, key = SECRET_KEY }: CliOptions): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('NASA_')));
  return { ...env, ...(key === null ? {} : { NASA_API_KEY: key }), ...extra };
}

/** `command` is a path from the repository root: a .ts entry point or an executable script. */
export function startCli(command: string, args: readonly string[], options: CliOptions = {}): RunningCli {
  const startedAt = performance.now();
  const path = resolve(ROOT, command);
  const [file, argv] = path.endsWith('.ts')
    ? [process.execPath, ['--import', TSX_LOADER, path, ...args]]
    : [path, [...args]];
  const child = spawn(file, argv, {
    cwd: options.cwd ?? ROOT,
    env: childEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
  });
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ pattern: RegExp; count: number; resolve: () => void }> = [];
  const check = () => {
    for (const watcher of [...watchers]) {
      const seen = stderr.split('\n').filter((line) => watcher.pattern.test(line)).length;
      if (seen >= watcher.count) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    check();
  });
  const done = new Promise<CliRun>((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const watcher of watchers) watcher.resolve();
      resolveRun({ code, signal, stdout, stderr, ms: Math.round(performance.now() - startedAt) });
    });
  });
  return {
    child,
    done,
    waitForLines: (pattern, count) =>
      new Promise((resolveWait) => {
        watchers.push({ pattern, count, resolve: resolveWait });
        check();
      }),
  };
}
