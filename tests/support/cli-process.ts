// Runs one of the project's command-line entry points as a real process (node + tsx, as npm would), and
// collects its exit code, output and wall time.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface RunningCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
}

/** `command` is run from the repository root; a .ts entry point goes through node --import tsx. */
export function startCli(command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): RunningCli {
  const startedAt = performance.now();
  const [file, argv] = command.endsWith('.ts') ? ['node', ['--import', 'tsx', command, ...args]] : [command, [...args]];
  const child = spawn(file, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolveRun, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr, ms: Math.round(performance.now() - startedAt) }));
  });
  return { child, done };
}

export const runCli = (command: string, args: readonly string[], env?: Readonly<Record<string, string>>) =>
  startCli(command, args, env).done;
