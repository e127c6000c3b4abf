// A key the API rejects stops the whole ingest at once with exit 6 and a message about the key (never the
// key itself), writing nothing; the key is read from .env in the working directory when the environment
// has none.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { INGEST, SECRET_KEY } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';
import { listFiles } from '../support/ingest-output.ts';
import { ingestArgs } from '../support/ingest-run.ts';

describe('a rejected key', () => {
  it('stops the whole run after one request with exit 6 and a message about the key, writing nothing', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withCatalogueSize(200).withRejectedKeys([SECRET_KEY]));
    const out = join(work, 'out');
    const run = await cli.run(INGEST, ingestArgs(api.url, out, '--total', '200'), { cwd: work });
    expect(run.code).toBe(6);
    expect(api.requests()).toHaveLength(1);
    expect(run.stderr).toMatch(/stopped: .*rejected the API key.*NASA_API_KEY/);
    expect(run.stdout).toMatch(/set NASA_API_KEY .* to a valid key/);
    expect(run.stdout + run.stderr).not.toContain(SECRET_KEY);
    expect(await listFiles(out)).toEqual([]);
  });

  it('is read from .env in the working directory when the environment has none', async ({
    startStandin,
    tempDir: work,
    cli,
  }) => {
    const api = await startStandin((api) => api.withCatalogueSize(200).withRejectedKeys(['DOTENV-KEY-777']));
    await writeFile(join(work, '.env'), 'NASA_API_KEY=DOTENV-KEY-777\n');
    const run = await cli.run(INGEST, ingestArgs(api.url, join(work, 'out'), '--total', '20'), {
      cwd: work,
      key: null,
    });
    // Only the .env key is rejected by this stand-in: exit 6 proves it was the one sent.
    expect(run.code).toBe(6);
    expect(run.stdout + run.stderr).not.toContain('DOTENV-KEY-777');
  });
});
