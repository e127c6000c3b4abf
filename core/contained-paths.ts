// Everything the pipeline writes stays inside the output dir. The output dir itself is the user's choice
// (any path, `..` and symlinks included: it is resolved once). Below it, every path is derived from batch
// numbers and never holds `..`, so the only way out is a symlink: a raw/, landing/ or partition folder
// linked elsewhere would take every write with it, a linked journal would be appended to in place, and a
// linked batch file would let the resume check vouch for data kept somewhere else. So before writing
// anything, a run looks for symlinks below the output dir that lead outside it, and refuses if any does.
import { readdir, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface EscapingLink {
  /** Relative to the output dir. */
  readonly path: string;
  /** Where it leads (for a dangling link, where it would lead). */
  readonly target: string;
}

/** Symlinks below `root` leading outside it; none when root does not exist yet. Links are not followed. */
export async function linksLeaving(root: string): Promise<EscapingLink[]> {
  const realRoot = await realpath(root).catch(() => null);
  if (realRoot === null) return [];
  const entries = await readdir(realRoot, { recursive: true, withFileTypes: true });
  const escaping: EscapingLink[] = [];
  for (const entry of entries) {
    if (!entry.isSymbolicLink()) continue;
    const link = join(entry.parentPath, entry.name);
    // A dangling link is judged by where a write through it would create the file.
    const target = await realpath(link).catch(async () => resolve(dirname(link), await readlink(link)));
    if (!isInside(realRoot, target)) escaping.push({ path: relative(realRoot, link), target });
  }
  return escaping;
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/** The message for a refused output dir: which links, and what to do. */
export function describeEscapingLinks(flag: string, root: string, links: readonly EscapingLink[]): string {
  return [
    `${flag} ${root}: symbolic links below it lead outside it, and nothing is written through such a link:`,
    ...links.map((link) => `  ${link.path} -> ${link.target}`),
    `Remove the links, or point ${flag} at the folder you want written (it may itself be a link), and run again.`,
  ].join('\n');
}
