import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs a module body in a child `node --import tsx`; resolves with its exit code and stderr. */
async function runModule(body: string): Promise<{ code: number; stderr: string }> {
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', body], {
    cwd: ROOT,
  });
  return run.then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

// The start of a module body: a command's process, set up as every CLI sets it up.
const WITH_PROCESS_IO = "import { processIo } from './core/cli-io.ts'; processIo(new AbortController().signal);";

describe('processIo', () => {
  it('turns a wait on a promise that never settles (Node exit 13) into exit 1 with a message', async () => {
    const { code, stderr } = await runModule(`${WITH_PROCESS_IO} await new Promise(() => {});`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/error: unexpected: the command stopped while still waiting on something/);
  });

  it('leaves the exit code a command sets alone', async () => {
    const { code, stderr } = await runModule(`${WITH_PROCESS_IO} process.exitCode = 4;`);
    expect(code).toBe(4);
    expect(stderr).toBe('');
  });
});
