// Memory benchmark: peak RSS of a 200-NEO ingest against a 20,000-NEO one (100x the data), both from the
// stand-in with its rate limit lifted. Work streams one page at a time, so the ratio should stay near 1.
// Run alone: `npx tsx bench/memory.ts [smallNeos] [largeNeos]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestPeakRss, startStandinProcess } from './processes.ts';

export interface MemoryBenchResult {
  readonly small_neos: number;
  readonly large_neos: number;
  readonly small_peak_rss_mb: number;
  readonly large_peak_rss_mb: number;
  readonly small_seconds: number;
  readonly large_seconds: number;
  /** large / small peak RSS; target <= 1.5. */
  readonly ratio: number;
}

export async function benchMemory(opts: { smallNeos: number; largeNeos: number }): Promise<MemoryBenchResult> {
  const api = await startStandinProcess(['--neos', String(opts.largeNeos), '--rate-limit', '100000000']);
  const work = await mkdtemp(join(tmpdir(), 'bench-memory-'));
  try {
    const env = { ...process.env, NASA_API_KEY: 'BENCH_KEY' };
    const run = (neos: number) =>
      ingestPeakRss(
        [
          '--total',
          String(neos),
          '--rate',
          '1000',
          '--quiet',
          '--api-url',
          api.url,
          '--output-dir',
          join(work, String(neos)),
        ],
        env,
      );
    const small = await run(opts.smallNeos);
    const large = await run(opts.largeNeos);
    return {
      small_neos: opts.smallNeos,
      large_neos: opts.largeNeos,
      small_peak_rss_mb: small.peak_rss_mb,
      large_peak_rss_mb: large.peak_rss_mb,
      small_seconds: small.seconds,
      large_seconds: large.seconds,
      ratio: Math.round((large.peak_rss_mb / small.peak_rss_mb) * 1000) / 1000,
    };
  } finally {
    api.stop();
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [small = '200', large = '20000'] = process.argv.slice(2);
  console.log(JSON.stringify(await benchMemory({ smallNeos: Number(small), largeNeos: Number(large) }), null, 2));
}
