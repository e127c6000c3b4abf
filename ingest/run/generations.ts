// Generations of a dataset, so that a refresh can replace one whole, and readers never see it half done.
// A refreshed output dir keeps each complete dataset (raw/, landing/, quarantine/, manifest) in a hidden
// generation folder `.gen-<n>`; `.current` is a relative symlink to the one in use, and raw, landing,
// quarantine, manifest.json and its journal are relative symlinks through it (`raw -> .current/raw`).
// The switch renames a new `.current` link over the old one: one rename(2), atomic, flips every entry at
// once (rename cannot replace a non-empty directory, and Node cannot call renameat2(RENAME_EXCHANGE)).
// A kill at any step rolls forward on the next run (settleGenerations): a generation marked complete but
// not current is switched to; entries not yet linked are linked; generations before the current one and
// the `.legacy` folder of a pre-generation dataset are deleted. All of it happens holding the folder's
// aggregation lock, so an aggregation that holds it while reading never sees a switch or a deletion.
import { lstat, mkdir, readdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDir, writeFileAtomic } from '../../core/atomic-file.ts';
import { FOLDER_LOCKS, type LockHolder, acquireFolderLock } from '../../core/folder-lock.ts';
import { FOLDERS } from '../../core/layout.ts';
import { MANIFEST_FILE, MANIFEST_JOURNAL_FILE } from '../../core/manifest.ts';

const CURRENT = '.current';
const LEGACY = '.legacy';
const COMPLETE_MARK = '.complete';
const GENERATION = /^\.gen-(\d+)$/;
/** Entries readers reach through `.current`; the manifest is linked after raw/, its journal last. */
const ENTRIES = [FOLDERS.raw, FOLDERS.landing, FOLDERS.quarantine, MANIFEST_FILE, MANIFEST_JOURNAL_FILE];

export const generationName = (n: number) => `.gen-${n}`;
export const generationDir = (outputDir: string, n: number) => join(outputDir, generationName(n));

type OnWaiting = (holder: LockHolder | null) => void;

/** The generation `.current` points at; null for an output dir never refreshed. */
export async function currentGeneration(outputDir: string): Promise<number | null> {
  const target = await readlink(join(outputDir, CURRENT)).catch(() => null);
  const match = target === null ? null : GENERATION.exec(target);
  return match ? Number(match[1]) : null;
}

/** Where a run reads and writes the dataset in use: the current generation, or the output dir itself. */
export async function datasetDir(outputDir: string): Promise<string> {
  const current = await currentGeneration(outputDir);
  return current === null ? outputDir : generationDir(outputDir, current);
}

async function generations(outputDir: string): Promise<number[]> {
  const names = await readdir(outputDir).catch(() => []);
  return names
    .map((name) => GENERATION.exec(name))
    .filter((match) => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

const isComplete = (outputDir: string, n: number) =>
  stat(join(generationDir(outputDir, n), COMPLETE_MARK)).then(
    () => true,
    () => false,
  );

/** The generation a refresh builds: one a killed refresh left unfinished (resumed), or the next number. */
export async function stagingGeneration(outputDir: string): Promise<number> {
  const current = (await currentGeneration(outputDir)) ?? 0;
  const later = (await generations(outputDir)).filter((n) => n > current);
  return later[0] ?? current + 1;
}

/** Marks a staged generation whole: from here on a kill rolls forward to it. */
export async function markComplete(outputDir: string, n: number): Promise<void> {
  await writeFileAtomic(join(generationDir(outputDir, n), COMPLETE_MARK), `${new Date().toISOString()}\n`);
}

/** A symlink put in place by renaming a new one over the name: readers see the old or the new, never none. */
async function replaceLink(outputDir: string, name: string, target: string): Promise<void> {
  // One writer holds the folder (its lock), so a fixed name is safe, and a killed switch's leftover is reused.
  const temp = join(outputDir, `.tmp-link-${name}`);
  await rm(temp, { force: true });
  await symlink(target, temp);
  await rename(temp, join(outputDir, name));
}

/**
 * Entries not linked through `.current` yet: missing ones are linked; a pre-generation dataset's real
 * folders and files move to `.legacy` first. That move and its link are two renames: for that one moment,
 * once per output dir (its first refresh), the entry is absent.
 */
async function linkEntries(outputDir: string): Promise<void> {
  for (const entry of ENTRIES) {
    const info = await lstat(join(outputDir, entry)).catch(() => null);
    if (info?.isSymbolicLink() === true) continue;
    if (info !== null) {
      await mkdir(join(outputDir, LEGACY), { recursive: true });
      await rename(join(outputDir, entry), join(outputDir, LEGACY, entry));
    }
    await replaceLink(outputDir, entry, join(CURRENT, entry));
  }
  await syncDir(outputDir);
}

/** Deletes generations before `current` and the legacy data. */
async function removeOld(outputDir: string, current: number): Promise<void> {
  const old = (await generations(outputDir)).filter((n) => n < current).map((n) => generationDir(outputDir, n));
  for (const dir of [...old, join(outputDir, LEGACY)]) await rm(dir, { recursive: true, force: true });
}

/**
 * Runs `step` holding the folder's aggregation lock: an aggregation holds it while it reads raw/ and the
 * manifest, so a switch never happens under a reader, nor is a generation deleted while one reads it.
 */
async function whileNoReader(outputDir: string, onWaiting: OnWaiting, step: () => Promise<void>): Promise<void> {
  const release = await acquireFolderLock(outputDir, { name: FOLDER_LOCKS.aggregation, wait: true, onWaiting });
  try {
    await step();
  } finally {
    await release();
  }
}

/** The switch: `.current` flipped in one rename, entries linked, the previous generation deleted. */
export async function switchGeneration(outputDir: string, n: number, onWaiting: OnWaiting): Promise<void> {
  await whileNoReader(outputDir, onWaiting, async () => {
    await replaceLink(outputDir, CURRENT, generationName(n));
    await syncDir(outputDir);
    await linkEntries(outputDir);
    await removeOld(outputDir, n);
  });
}

/**
 * Finishes whatever switch a killed run left: rolls forward to a complete generation (returning its
 * number, so a --refresh knows its work is done), links entries, deletes what is no longer current.
 */
export async function settleGenerations(outputDir: string, onWaiting: OnWaiting): Promise<number | null> {
  const current = await currentGeneration(outputDir);
  const later = (await generations(outputDir)).filter((n) => current === null || n > current);
  for (const n of later.reverse()) {
    if (!(await isComplete(outputDir, n))) continue;
    await switchGeneration(outputDir, n, onWaiting);
    return n;
  }
  if (current === null) return null;
  const names = await readdir(outputDir);
  const leftOver = names.includes(LEGACY) || (await generations(outputDir)).some((n) => n < current);
  const unlinked = await Promise.all(ENTRIES.map((entry) => lstat(join(outputDir, entry)).catch(() => null)));
  if (leftOver || unlinked.some((info) => info?.isSymbolicLink() !== true)) {
    await whileNoReader(outputDir, onWaiting, async () => {
      await linkEntries(outputDir);
      await removeOld(outputDir, current);
    });
  }
  return null;
}
