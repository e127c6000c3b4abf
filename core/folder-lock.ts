// One writer per output folder: a named lock (proper-lockfile: an atomic mkdir whose mtime the holder
// refreshes), with the holder's pid, host, command and start time beside it so a refused run can say who
// holds the folder. A holder that died (SIGKILL, power cut) stops refreshing its lock: after LOCK_STALE_MS
// the next taker takes it over; one on this host whose pid is gone is taken over after a few seconds.
import { hostname } from 'node:os';
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { writeFileAtomic } from './atomic-file.ts';

/** The locks of an output folder: the ingest's (every write of raw/, landing/, manifest) and the aggregation's. */
export const FOLDER_LOCKS = { ingest: 'ingest', aggregation: 'aggregation' } as const;

/**
 * A lock whose holder stopped refreshing it this long ago is stale. Generous, because a holder whose event
 * loop stalls longer (a loaded machine) loses its lock and stops; a holder known dead is not waited out.
 */
export const LOCK_STALE_MS = 15_000;
const LOCK_UPDATE_MS = 3_000;
/** proper-lockfile's smallest staleness: what a taker waits when the holder's process is gone. */
const DEAD_HOLDER_STALE_MS = 2_000;
const WAIT_POLL_MS = { minTimeout: 200, maxTimeout: 1_000 } as const;

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  /** ISO time the holder took the lock. */
  readonly since: string;
}

export class FolderLockedError extends Error {
  override readonly name = 'FolderLockedError';
  constructor(
    readonly dir: string,
    readonly lockName: string,
    /** Null when the holder has not written its details yet (it took the lock a moment ago). */
    readonly holder: LockHolder | null,
  ) {
    super(`${dir} is in use: ${describeHolder(holder)} holds its ${lockName} lock`);
  }
}

export interface FolderLockOptions {
  /** Which lock of the folder, e.g. FOLDER_LOCKS.ingest. */
  readonly name: string;
  /** Wait for the holder to finish instead of throwing FolderLockedError. */
  readonly wait?: boolean;
  /** Called once when the lock is held by someone else and this call waits for it. */
  readonly onWaiting?: (holder: LockHolder | null) => void;
}

export type ReleaseLock = () => Promise<void>;

export function describeHolder(holder: LockHolder | null): string {
  if (holder === null) return 'another process (starting up)';
  return `pid ${holder.pid} on ${holder.host} (${holder.command}), since ${holder.since}`;
}

const lockPath = (dir: string, name: string) => join(dir, `.lock-${name}`);
const holderPath = (dir: string, name: string) => join(dir, `.lock-${name}.json`);

export async function readLockHolder(dir: string, name: string): Promise<LockHolder | null> {
  const text = await readFile(holderPath(dir, name), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as LockHolder;
  } catch {
    return null;
  }
}

/** A holder on this host whose process is gone: its lock is taken over after a short wait, not refused. */
function isDeadHere(holder: LockHolder | null): boolean {
  if (holder === null || holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Takes the folder's named lock (creating the folder if needed) and returns its release. */
export async function acquireFolderLock(dir: string, options: FolderLockOptions): Promise<ReleaseLock> {
  const { name } = options;
  // The first folder this call made, if any: a run that ends having written nothing leaves no trace.
  const created = await mkdir(dir, { recursive: true });
  const take = (wait: boolean, stale = LOCK_STALE_MS) =>
    // Keyed by the lock's own path: proper-lockfile keeps one lock per key, and a folder has several.
    lockfile.lock(lockPath(dir, name), {
      lockfilePath: lockPath(dir, name),
      realpath: false,
      stale,
      update: LOCK_UPDATE_MS,
      retries: wait ? { forever: true, ...WAIT_POLL_MS } : 0,
    });
  let release: ReleaseLock;
  try {
    release = await take(false);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readLockHolder(dir, name);
    const dead = isDeadHere(holder);
    if (options.wait !== true && !dead) throw new FolderLockedError(dir, name, holder);
    if (!dead) options.onWaiting?.(holder);
    release = await take(true, dead ? DEAD_HOLDER_STALE_MS : LOCK_STALE_MS);
  }
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(' '),
    since: new Date().toISOString(),
  };
  // A holder that cannot say who it is (disk full) lets go at once: a lock left behind would refuse the next run.
  await writeFileAtomic(holderPath(dir, name), `${JSON.stringify(holder)}\n`).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  return async () => {
    await rm(holderPath(dir, name), { force: true });
    await release();
    if (created !== undefined) await removeEmpty(dir, created);
  };
}

/** Removes dir and its parents up to `top` while they are empty. */
async function removeEmpty(dir: string, top: string): Promise<void> {
  for (let path = dir; ; path = dirname(path)) {
    const removed = await rmdir(path).then(
      () => true,
      () => false,
    );
    if (!removed || path === top) return;
  }
}
