// What the benchmarks need before they start, checked up front so that a machine not set up yet gets a
// list of what is missing and the command that prepares it (`npm run setup`), not a stack trace from
// deep inside a section (`spawn .venv/bin/python ENOENT`).
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sparkImage } from '../spark-job/config.ts';

const PYTHON = fileURLToPath(new URL('../.venv/bin/python', import.meta.url));
const run = promisify(execFile);

const succeeds = (command: string, args: string[]) =>
  run(command, args, { timeout: 30_000 }).then(
    () => true,
    () => false,
  );

/** One line per missing prerequisite; empty when the selected sections can run. */
export async function missingPrerequisites(opts: { spark: boolean }): Promise<string[]> {
  const missing: string[] = [];
  const python = await access(PYTHON, constants.X_OK).then(
    () => true,
    () => false,
  );
  if (!python) missing.push('the Python venv .venv/bin/python (pyarrow, duckdb) does not exist');
  else if (!(await succeeds(PYTHON, ['-c', 'import duckdb, pyarrow'])))
    missing.push('the Python venv .venv cannot import duckdb and pyarrow');
  if (!opts.spark) return missing;
  const image = sparkImage(process.env);
  if (!(await succeeds('docker', ['version', '--format', '{{.Server.Version}}'])))
    missing.push('no Docker engine answers `docker version` (the Spark sections run the compose cluster)');
  else if (!(await succeeds('docker', ['image', 'inspect', '--format', '{{.Id}}', image])))
    missing.push(`the Spark image ${image} is not built`);
  return missing;
}
