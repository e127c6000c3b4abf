// One aggregation per output folder: the submit takes the folder's aggregation lock (the one an ingest
// --refresh switches generations under) before it lists raw/. Held by another process, it exits 9 naming
// the holder, or waits with --wait-lock. Both end here before any Spark work (nothing is ingested in the
// folder, so a submit that gets the lock exits 10), so no cluster is needed.
import { describe, expect } from 'vitest';
import { FOLDER_LOCKS, acquireFolderLock } from '../../core/folder-lock.ts';
import { EXIT } from '../../spark-job/exit-codes.ts';
import { SUBMIT } from '../support/cli.ts';
import { it } from '../support/fixtures.ts';

describe('the submit and the output folder aggregation lock', () => {
  it('exits 9 naming the holder, and submits nothing, while another process holds it', async ({ cli, tempDir }) => {
    const release = await acquireFolderLock(tempDir, { name: FOLDER_LOCKS.aggregation });
    try {
      const run = await cli.run(SUBMIT, ['1', '3', '--output-dir', tempDir, '--local']);
      expect(run.code, run.stderr).toBe(9);
      expect(run.stderr).toContain(`error: ${tempDir} is in use: pid ${process.pid} on `);
      expect(run.stderr).toContain('holds its aggregation lock');
      expect(run.stderr).toContain('--wait-lock');
      // Refused before raw/ was looked at: the missing data is not mentioned.
      expect(run.stderr).not.toContain('has been ingested');
      expect(run.stderr).not.toContain('submitting');
    } finally {
      await release();
    }
  });

  it('--wait-lock waits for the holder, says so, and goes on once it lets go', async ({ cli, tempDir }) => {
    const release = await acquireFolderLock(tempDir, { name: FOLDER_LOCKS.aggregation });
    const running = cli.start(SUBMIT, ['1', '3', '--output-dir', tempDir, '--local', '--wait-lock']);
    try {
      await running.waitForLines(/^waiting for pid \d+ on /, 1);
      expect(running.child.exitCode).toBeNull();
    } finally {
      await release();
    }
    const run = await running.done;
    expect(run.stderr).toContain(`waiting for pid ${process.pid} on `);
    // It got the lock and looked at raw/: nothing ingested there.
    expect(run.code, run.stderr).toBe(EXIT.noData);
    expect(run.stderr).toContain('no batch of 1-3 has been ingested');
  });
});
