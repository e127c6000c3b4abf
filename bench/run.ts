// `npm run bench` (all), `npm run bench -- --quick` (writer and pacing, a few minutes) and
// `npm run bench -- --only spark_latency,spark` (those sections): runs each benchmark, prints one table of
// figures against their targets, and writes bench/results/latest.json.
// Every target is a ratio measured side by side in the same run, never an absolute time.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { missingPrerequisites } from './prerequisites.ts';
import { benchMemory } from './memory.ts';
import { benchPacing } from './pacing.ts';
import { benchSpark } from './spark.ts';
import { benchSparkLatency } from './spark-latency.ts';
import { benchWriter } from './writer.ts';

interface Target {
  readonly figure: string;
  readonly label: string;
  readonly met: (value: number) => boolean;
}

interface Section {
  readonly name: string;
  readonly quick: boolean;
  /** Runs Spark on the compose cluster: needs Docker and the Spark image. */
  readonly spark: boolean;
  readonly run: () => Promise<Record<string, number | string>>;
  readonly targets: readonly Target[];
}

const loadAverage = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
const atMost = (limit: number) => (value: number) => value <= limit;
const atLeast = (limit: number) => (value: number) => value >= limit;

const program = new Command('bench')
  .description('Benchmarks of the NEO pipeline; targets are ratios measured in the same run.')
  .option('--quick', 'writer and pacing only (a few minutes)')
  .option('--only <sections>', 'only these sections, comma-separated (writer,pacing,memory,spark_latency,spark)')
  .option('--writer-rows <n>', 'exploded rows for the writer benchmark', '200000')
  .option('--spark-neos <n>', 'NEOs for the catalogue-scale Spark run', '40000')
  .option('--latency-runs <n>', 'runs of each Spark latency measurement (medians reported)', '3')
  .parse();
const options = program.opts<{
  quick?: boolean;
  only?: string;
  writerRows: string;
  sparkNeos: string;
  latencyRuns: string;
}>();
const PACING_RATE = 2; // the ingest's default --rate

const sections: Section[] = [
  {
    name: 'writer',
    spark: false,
    quick: true,
    run: async () => ({ ...(await benchWriter({ rows: Number(options.writerRows), seed: 1 })) }),
    targets: [
      { figure: 'speed_ratio', label: 'project / pyarrow rows per s >= 1.0', met: atLeast(1.0) },
      { figure: 'size_ratio', label: 'project / pyarrow bytes <= 1.1', met: atMost(1.1) },
    ],
  },
  {
    name: 'pacing',
    spark: false,
    quick: true,
    run: async () => ({ ...(await benchPacing({ requests: 20, rate: PACING_RATE })) }),
    targets: [
      { figure: 'ratio', label: 'wall / floor <= 1.05', met: atMost(1.05) },
      {
        figure: 'min_gap_s',
        label: `no gap under 1/rate (${1 / PACING_RATE} s)`,
        met: atLeast(1 / PACING_RATE - 0.002),
      },
    ],
  },
  {
    name: 'memory',
    spark: false,
    quick: false,
    run: async () => ({ ...(await benchMemory({ smallNeos: 200, largeNeos: 20_000 })) }),
    targets: [{ figure: 'ratio', label: 'peak RSS 20,000 / 200 NEOs <= 1.5', met: atMost(1.5) }],
  },
  {
    name: 'spark_latency',
    spark: true,
    quick: false,
    run: () => benchSparkLatency({ runs: Number(options.latencyRuns), catalogueNeos: Number(options.sparkNeos) }),
    targets: [
      { figure: 'floor_ratio', label: 'trivial job, current / former settings <= 0.5', met: atMost(0.5) },
      { figure: 'aggregate_10_ratio', label: 'aggregation 1..10 / trivial job <= 1.25', met: atMost(1.25) },
      { figure: 'aggregate_catalogue_ratio', label: 'catalogue aggregation / trivial job <= 1.5', met: atMost(1.5) },
      { figure: 'stages_10', label: 'stages run by the 1..10 aggregation <= 4', met: atMost(4) },
    ],
  },
  {
    name: 'spark',
    spark: true,
    quick: false,
    run: async () => ({ ...(await benchSpark({ largeNeos: Number(options.sparkNeos) })) }),
    targets: [{ figure: 'pruning_ratio', label: 'range 1..20 with 100 partitions / with 1 <= 1.2', met: atMost(1.2) }],
  },
];

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    /** 1, 5 and 15 minutes, when the run started (each section records it again at its end). */
    load_average: loadAverage(),
  };
}

function selected(): Section[] {
  if (options.only === undefined) return sections.filter((s) => s.quick || !options.quick);
  const names = options.only.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !sections.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: no section ${unknown.join(', ')}; the sections are ${sections.map((s) => s.name).join(', ')}\n`,
    );
    process.exit(2);
  }
  return sections.filter((s) => names.includes(s.name));
}

async function main() {
  const chosen = selected();
  const missing = await missingPrerequisites({ spark: chosen.some((s) => s.spark) });
  if (missing.length > 0) {
    process.stderr.write(`bench: cannot run yet:\n${missing.map((m) => `  - ${m}`).join('\n')}\n`);
    process.stderr.write('Run `npm run setup` first (it prepares all of these), then `npm run bench` again.\n');
    process.exit(1);
  }
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const date = new Date().toISOString();
  // With --only, the other sections' figures of the previous report are kept, with the date each was taken.
  const previous = options.only === undefined ? null : await readReport(`${dir}latest.json`);
  const results: Record<string, Record<string, number | string>> = { ...previous?.results };
  // Each section: when and on what it was measured (older reports name one date and machine for all).
  const measured: Record<string, string> = {};
  for (const name of Object.keys(results))
    measured[name] = previous?.measured?.[name] ?? `${previous?.date} on ${previous?.machine?.cpu}`;
  const report = { date, machine: machine(), quick: Boolean(options.quick), measured, results };
  const rows: string[][] = [];
  for (const section of chosen) {
    process.stderr.write(`[bench] ${section.name} ...\n`);
    const started = performance.now();
    const figures = { ...(await section.run()), load_average: loadAverage() };
    results[section.name] = figures;
    measured[section.name] = `${date} on ${report.machine.cpu}`;
    // Saved after every section: a long run that fails late keeps what it measured.
    await writeFile(`${dir}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`[bench] ${section.name} done in ${Math.round((performance.now() - started) / 1000)} s\n`);
    for (const [figure, value] of Object.entries(figures)) {
      const target = section.targets.find((t) => t.figure === figure);
      const verdict = target ? `${target.met(Number(value)) ? 'met' : 'MISSED'}: ${target.label}` : '';
      rows.push([section.name, figure, String(value), verdict]);
    }
  }
  printTable(['benchmark', 'figure', 'value', 'target'], rows);
  const { cpu, cores, memory_gib, node } = report.machine;
  console.log(`\n${report.date} on ${cpu}, ${cores} cores, ${memory_gib} GiB, Node ${node}, load ${loadAverage()}`);
  console.log('written: bench/results/latest.json');
}

interface Report {
  date?: string;
  machine?: { cpu?: string };
  results?: Record<string, Record<string, number | string>>;
  measured?: Record<string, string>;
}

async function readReport(path: string): Promise<Report | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Report;
  } catch {
    return null;
  }
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

await main();
