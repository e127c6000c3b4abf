// Recording batches as a run goes: the first entry writes manifest.json whole, later ones are appended
// (and fsynced) to the journal, folded into manifest.json when the run ends (see core/manifest.ts).
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDir } from '../../core/atomic-file.ts';
import { MANIFEST_JOURNAL_FILE, type Manifest, writeManifest } from '../../core/manifest.ts';
import { asFileWriteError } from '../../core/write-error.ts';
import type { ManifestWriter } from '../types.ts';

/**
 * `onDisk`: manifest.json exists for this output dir. Until it does, the first entry writes it whole
 * (the journal has no params of its own); later entries are appended to the journal.
 */
export function manifestWriter(outputDir: string, manifest: Manifest, onDisk: boolean): ManifestWriter {
  const journal = join(outputDir, MANIFEST_JOURNAL_FILE);
  let written = onDisk;
  let journalSynced = false;
  return {
    async record(entry) {
      manifest.batches.set(entry.batch, entry);
      if (!written) {
        await writeManifest(outputDir, manifest, new Date());
        written = true;
        return;
      }
      await appendLine(journal, `${JSON.stringify(entry)}\n`);
      // The journal's own directory entry, once: without it a power cut could lose the whole journal.
      if (!journalSynced) await syncDir(outputDir);
      journalSynced = true;
    },
    async recordTotal(total) {
      manifest.total = total;
      if (written) await writeManifest(outputDir, manifest, new Date());
    },
    async fold() {
      const exists = await stat(journal).then(
        () => true,
        () => false,
      );
      if (exists) await writeManifest(outputDir, manifest, new Date());
    },
  };
}

/** Appends and fsyncs; a failed append (disk full) is cut back off, so no torn line stays behind. */
async function appendLine(path: string, line: string): Promise<void> {
  try {
    const handle = await open(path, 'a');
    try {
      const { size } = await handle.stat();
      try {
        await handle.writeFile(line);
        await handle.sync();
      } catch (error) {
        await handle.truncate(size);
        throw error;
      }
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw asFileWriteError(path, error);
  }
}
