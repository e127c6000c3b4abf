// Reads an ingest's output back for assertions: its files, whether the API key is anywhere in them, and
// its raw Parquet through an independent engine (DuckDB in the project's Python venv).
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { LoggedRequest } from '../../standin/request-log.ts';
import { SECRET_KEY } from './cli.ts';
import { runPythonJson } from './python.ts';

/** Every file under dir, relative paths, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Relative path -> sha256 and mtime, for "what changed" comparisons. */
export async function fileStates(dir: string): Promise<Map<string, { sha256: string; mtimeMs: number }>> {
  const states = new Map<string, { sha256: string; mtimeMs: number }>();
  for (const path of await listFiles(dir)) {
    const bytes = await readFile(join(dir, path));
    states.set(path, {
      sha256: createHash('sha256').update(bytes).digest('hex'),
      mtimeMs: (await stat(join(dir, path))).mtimeMs,
    });
  }
  return states;
}

/** Files under dir (and texts) that contain the key, raw or percent-encoded. Expected: none. */
export async function filesHoldingKey(dir: string, texts: Record<string, string> = {}): Promise<string[]> {
  const needles = [SECRET_KEY, encodeURIComponent(SECRET_KEY)].map((s) => Buffer.from(s));
  const hits: string[] = [];
  for (const path of await listFiles(dir)) {
    const bytes = await readFile(join(dir, path));
    if (needles.some((needle) => bytes.includes(needle))) hits.push(path);
  }
  for (const [name, text] of Object.entries(texts)) if (text.includes(SECRET_KEY)) hits.push(name);
  // Parquet pages may be compressed and Arrow's schema metadata is base64: ask the engine for any cell,
  // and any key-value metadata entry, raw or base64-decoded.
  if ((await listFiles(join(dir, 'raw'))).length > 0) {
    const [cells] = queryRaw<{ n: number }>(
      dir,
      `SELECT count(*) AS n FROM raw t WHERE CAST(t AS VARCHAR) LIKE '%${SECRET_KEY}%'`,
    );
    const [meta] = runPythonJson<Array<{ n: number }>>('duckdb_query.py', [
      `SELECT count(*) AS n FROM parquet_kv_metadata('${rawGlob(dir)}')
       WHERE CAST(key AS VARCHAR) LIKE '%${SECRET_KEY}%' OR CAST(value AS VARCHAR) LIKE '%${SECRET_KEY}%'
          OR coalesce(hex(try(from_base64(CAST(value AS VARCHAR)))), '') LIKE '%' || hex('${SECRET_KEY}') || '%'`,
    ]);
    if ((cells?.n ?? 0) > 0) hits.push('raw/ (Parquet cells)');
    if ((meta?.n ?? 0) > 0) hits.push('raw/ (Parquet metadata)');
  }
  // What else a byte search cannot see into: Spark's zstd event logs, Parquet outside raw/ (aggregations).
  const encoded = (await listFiles(dir)).filter(
    (path) => path.endsWith('.zstd') || (path.endsWith('.parquet') && !path.startsWith('raw/')),
  );
  if (encoded.length > 0) {
    const found = runPythonJson<string[]>('find_text.py', [
      needles.map(String).join(','),
      ...encoded.map((path) => join(dir, path)),
    ]);
    hits.push(...found.map((path) => `${relative(dir, path)} (decoded)`));
  }
  return hits;
}

/** DuckDB's `*` matches dot-files too; `[!.]` leaves out the hidden temp files of a write in progress. */
function rawGlob(outputDir: string): string {
  return join(outputDir, 'raw', '*', '[!.]*.parquet');
}

/**
 * DuckDB table expression for every Parquet file under outputDir/raw but hidden temp files (skipped as
 * Spark and pyarrow skip them). Partition folder names are not read as columns.
 */
export function rawSource(outputDir: string): string {
  return `read_parquet('${rawGlob(outputDir)}', hive_partitioning = false, filename = false)`;
}

/** Runs `sql` in DuckDB with `raw` bound to rawSource(outputDir). */
export function queryRaw<T>(outputDir: string, sql: string): T[] {
  return runPythonJson<T[]>('duckdb_query.py', [`WITH raw AS (SELECT * FROM ${rawSource(outputDir)}) ${sql}`]);
}

/**
 * Rows of one output not in the other, both ways, as multisets and ignoring ingested_at (the time of
 * the fetch). Two outputs with the same data give [0, 0].
 */
export function rawDifference(a: string, b: string): [number, number] {
  const minus = (x: string, y: string) =>
    `(SELECT count(*) FROM (SELECT * EXCLUDE (ingested_at) FROM ${rawSource(x)} ` +
    `EXCEPT ALL SELECT * EXCLUDE (ingested_at) FROM ${rawSource(y)}))`;
  const [row] = runPythonJson<Array<{ ab: number; ba: number }>>('duckdb_query.py', [
    `SELECT ${minus(a, b)} AS ab, ${minus(b, a)} AS ba`,
  ]);
  return [row?.ab ?? -1, row?.ba ?? -1];
}

/** A browse body the stand-in sent with status 200, parsed, and when its request arrived (epoch ms). */
export interface ServedReply {
  readonly page: number;
  readonly at: number;
  readonly body: ServedPage;
}

/** The browse bodies the stand-in sent with status 200, parsed (those a client could use). */
export function servedPages(requests: readonly LoggedRequest[]): ServedReply[] {
  const pages: ServedReply[] = [];
  for (const request of requests) {
    if (request.status !== 200 || request.page === null) continue;
    try {
      pages.push({ page: request.page, at: request.at, body: JSON.parse(request.body() ?? '') as ServedPage });
    } catch {
      // a truncated or malformed body: the client retried it
    }
  }
  return pages;
}

export interface ServedApproach {
  close_approach_date: string;
  miss_distance: { astronomical: string; kilometers?: string };
  relative_velocity?: { kilometers_per_second?: string };
  orbiting_body?: string;
}

export interface ServedNeo {
  id?: string;
  neo_reference_id?: string;
  close_approach_data: ServedApproach[];
}

export interface ServedPage {
  near_earth_objects: ServedNeo[];
}
