// Child processes the benchmarks measure from outside: the stand-in API in a process of its own (so its
// memory and CPU are not the ingest's), and the ingest CLI with its peak RSS taken from the kernel.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = ['--import', 'tsx'];

export interface StandinProcess {
  readonly url: string;
  stop(): void;
}

/** Starts `standin/cli.ts` (on a free port unless one is given) and resolves once it prints its URL. */
export function startStandinProcess(args: string[], port = 0): Promise<StandinProcess> {
  const child: ChildProcess = spawn(process.execPath, [...TSX, 'standin/cli.ts', '--port', String(port), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.once('exit', (code) => reject(new Error(`stand-in exited with ${code} before listening`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(seen)?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
  });
}

/**
 * Runs the ingest CLI as one Node process (no npx/tsx launcher in between) and returns the peak resident
 * set size the kernel recorded for it (wait4 rusage, via Python's resource module).
 */
export async function ingestPeakRss(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ peak_rss_mb: number; seconds: number }> {
  const probe = [
    'import resource, subprocess, sys, time',
    't = time.monotonic()',
    'code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode',
    'print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.monotonic() - t, code)',
  ].join('\n');
  const { stdout } = await promisify(execFile)(
    'python3',
    ['-c', probe, process.execPath, ...TSX, 'ingest/cli.ts', ...args],
    {
      cwd: ROOT,
      env,
    },
  );
  const [kb = '0', seconds = '0', code = '1'] = stdout.trim().split(' ');
  if (code !== '0') throw new Error(`ingest ${args.join(' ')} exited with ${code}`);
  return { peak_rss_mb: Math.round(Number(kb) / 102.4) / 10, seconds: Math.round(Number(seconds) * 10) / 10 };
}
