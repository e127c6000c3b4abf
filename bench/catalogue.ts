// The benchmarks' generated data: the stand-in's seeded catalogue ingested into output/bench/ (inside the
// folder the default cluster mounts) and kept there. The ingest resumes, so a second run fetches nothing
// again; every run of it ends by compacting each full partition folder into one file, so data kept from
// before compaction existed is compacted by the next run.
// Run alone: `npx tsx bench/catalogue.ts [largeNeos]`.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startStandinProcess } from './processes.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DATA = join(ROOT, 'output', 'bench');
export const BATCH_SIZE = 20;
export const PARTITION_SIZE = 20;
// A fixed stand-in address: the ingest's manifest records the API URL, and the kept data resumes only
// from the same one.
const STANDIN_PORT = 47822;
const run = promisify(execFile);

export const batchesOf = (neos: number) => Math.ceil(neos / BATCH_SIZE);
export const catalogueDir = (neos: number) => join(DATA, `neos-${neos}`);

async function ingest(apiUrl: string, dir: string, neos: number): Promise<number> {
  const started = performance.now();
  const args = ['--total', String(neos), '--rate', '1000', '--quiet', '--api-url', apiUrl, '--output-dir', dir];
  await run(process.execPath, ['--import', 'tsx', 'ingest/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NASA_API_KEY: 'BENCH_KEY' },
    maxBuffer: 1 << 26,
  });
  return (performance.now() - started) / 1000;
}

export interface Catalogue {
  /** Data folders (raw/ inside), `neos` NEOs each. */
  readonly small: string;
  readonly large: string;
  /** Wall seconds of this run's ingest of the large one: the whole catalogue, or a resume and compaction. */
  readonly ingestLargeS: number;
}

/** Ingests (or resumes) `smallNeos` and `largeNeos` NEOs from one stand-in of `largeNeos` NEOs. */
export async function ensureCatalogue(opts: {
  largeNeos: number;
  smallNeos: number;
  log: (line: string) => void;
}): Promise<Catalogue> {
  const small = catalogueDir(opts.smallNeos);
  const large = catalogueDir(opts.largeNeos);
  const api = await startStandinProcess(['--neos', String(opts.largeNeos), '--rate-limit', '100000000'], STANDIN_PORT);
  try {
    await ingest(api.url, small, opts.smallNeos);
    opts.log(`ingesting ${opts.largeNeos} NEOs into ${large} (resumes and compacts what an earlier run left)`);
    const ingestLargeS = await ingest(api.url, large, opts.largeNeos);
    opts.log(`ingest of ${opts.largeNeos} NEOs: ${Math.round(ingestLargeS)} s`);
    return { small, large, ingestLargeS };
  } finally {
    api.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [largeNeos = '40000'] = process.argv.slice(2);
  const log = (line: string) => process.stderr.write(`[bench catalogue] ${line}\n`);
  console.log(JSON.stringify(await ensureCatalogue({ largeNeos: Number(largeNeos), smallNeos: 200, log })));
}
