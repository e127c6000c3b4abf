// Swapping a partition folder's contents in one step. Readers (Spark, pyarrow, DuckDB) list a partition
// folder and read every visible file in it, so replacing per-batch files by a compacted file (or back) one
// rename at a time would, for a moment, show both or neither. Instead the new contents are staged in a
// folder outside raw/ (COMPACTION_STAGING) and the two folders are exchanged by one
// renameat2(RENAME_EXCHANGE) call: readers see the old contents or the new ones. Node has no binding for
// it, so it is called through koffi (a C FFI). Where the kernel or file system cannot exchange, nothing
// is swapped and the partition keeps its per-batch files.
//
// Order, for a kill at any instant: staged files (each atomic), then the plan (atomic), then the caller
// records the manifest entries, then the exchange, then the staged folder (now the old contents) and the
// plan go. A plan whose staged folder still holds its files was not swapped in yet; one whose folder does
// not was (leftoverSwaps() tells which), and a staged folder without a plan was never committed to.
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import koffi from 'koffi';
import { z } from 'zod';
import { syncDir, writeFileAtomic } from '../../core/atomic-file.ts';
import { sha256File, sha256Hex } from '../../core/hashing.ts';
import { COMPACTION_STAGING, FOLDERS } from '../../core/layout.ts';

const RENAME_EXCHANGE = 2;
const AT_FDCWD = -100;
/** errno values meaning "this kernel, libc or file system cannot exchange", not a failure of the call. */
const UNSUPPORTED = new Set([22 /* EINVAL */, 38 /* ENOSYS */, 95 /* EOPNOTSUPP */]);

const PlanSchema = z.object({
  /** `batch-number=1-20`, and the files it holds after the swap. */
  folder: z.string(),
  files: z.array(z.object({ name: z.string(), sha256: z.string() })),
  /** Where each batch's rows are after the swap: what its manifest entry then records. */
  batches: z.array(z.object({ batch: z.number(), parquet: z.string(), sha256: z.string(), bytes: z.number() })),
});

/** A partition folder's new contents as staged and written down before the swap. */
export type PartitionSwap = z.infer<typeof PlanSchema>;

const stagedDir = (outputDir: string, folder: string) => join(outputDir, COMPACTION_STAGING, folder);
const planFile = (outputDir: string, folder: string) => join(outputDir, COMPACTION_STAGING, `${folder}.json`);

/** Swaps two existing folders in one system call; false where that is not supported here. */
export function exchangeFolders(first: string, second: string): boolean {
  let renameat2: (...args: unknown[]) => number;
  try {
    renameat2 = koffi.load('libc.so.6').func('int renameat2(int, const char *, int, const char *, unsigned int)');
  } catch {
    return false;
  }
  if (renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE) === 0) return true;
  const errno = koffi.errno();
  if (UNSUPPORTED.has(errno)) return false;
  throw new Error(`cannot exchange ${first} and ${second} (errno ${errno})`);
}

/** Whether the output dir's file system can exchange folders: tried on two empty ones. */
export async function canExchange(outputDir: string): Promise<boolean> {
  const probe = join(outputDir, COMPACTION_STAGING, '.probe');
  await rm(probe, { recursive: true, force: true });
  await mkdir(join(probe, 'a'), { recursive: true });
  await mkdir(join(probe, 'b'));
  try {
    return exchangeFolders(join(probe, 'a'), join(probe, 'b'));
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}

/** Writes the folder's new files and then the plan that commits to them. */
export async function stageSwap(
  outputDir: string,
  folder: string,
  files: ReadonlyArray<{ readonly name: string; readonly bytes: Uint8Array }>,
  batches: PartitionSwap['batches'],
): Promise<PartitionSwap> {
  const dir = stagedDir(outputDir, folder);
  await rm(planFile(outputDir, folder), { force: true });
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const file of files) await writeFileAtomic(join(dir, file.name), file.bytes);
  const plan: PartitionSwap = {
    folder,
    files: files.map((file) => ({ name: file.name, sha256: sha256Hex(file.bytes) })),
    batches,
  };
  await writeFileAtomic(planFile(outputDir, folder), `${JSON.stringify(plan)}\n`);
  return plan;
}

/** The exchange, then the old contents and the plan go. The caller has recorded the plan's entries. */
export async function swapIn(outputDir: string, plan: PartitionSwap): Promise<void> {
  const dir = stagedDir(outputDir, plan.folder);
  if (!exchangeFolders(dir, join(outputDir, FOLDERS.raw, plan.folder))) {
    throw new Error(`the file system under ${outputDir} stopped supporting folder exchange`);
  }
  await syncDir(join(outputDir, FOLDERS.raw));
  await finishSwap(outputDir, plan.folder);
}

/** Drops what is staged for a folder once it is swapped in, or never will be. */
export async function finishSwap(outputDir: string, folder: string): Promise<void> {
  await rm(stagedDir(outputDir, folder), { recursive: true, force: true });
  await rm(planFile(outputDir, folder), { force: true });
  await syncDir(join(outputDir, COMPACTION_STAGING));
}

/** What a killed run left staged: each plan, and whether its files still wait to be swapped in. */
export async function leftoverSwaps(
  outputDir: string,
): Promise<Array<{ readonly plan: PartitionSwap; readonly swapped: boolean }>> {
  const root = join(outputDir, COMPACTION_STAGING);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const leftovers: Array<{ plan: PartitionSwap; swapped: boolean }> = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const plan = PlanSchema.parse(JSON.parse(await readFile(join(root, entry.name), 'utf8')));
    const dir = stagedDir(outputDir, plan.folder);
    const staged = await Promise.all(plan.files.map((file) => sha256File(join(dir, file.name)).catch(() => null)));
    leftovers.push({ plan, swapped: !plan.files.every((file, i) => staged[i] === file.sha256) });
  }
  // Staged folders no plan commits to: a kill while staging.
  const planned = new Set(leftovers.map(({ plan }) => plan.folder));
  for (const entry of entries) {
    if (entry.isDirectory() && !planned.has(entry.name)) await rm(join(root, entry.name), { recursive: true });
  }
  return leftovers;
}
