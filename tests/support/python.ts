// Runs the project's Python read-back scripts (pyarrow, DuckDB) from the .venv that `npm run setup` makes:
// an engine independent of the TypeScript code under test.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const PYTHON = resolve(ROOT, '.venv/bin/python');

/** Runs tests/support/<script>.py with args and parses the JSON it prints. */
export function runPythonJson<T>(script: string, args: string[]): T {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run \`npm run setup\` first`);
  const stdout = execFileSync(PYTHON, [resolve(ROOT, 'tests/support', script), ...args], { encoding: 'utf8' });
  return JSON.parse(stdout) as T;
}
