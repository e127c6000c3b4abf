// The command line: flags, help text, and argv -> CliFlags. Flags stay strings here; config.ts merges them
// with .env and the environment and validates everything in one place.
import { Command, Option } from 'commander';
import { parseCommandLine } from '../core/cli-io.ts';
import { DEFAULTS, DEMO_KEY, ENV, MAX_BATCH_SIZE, RATE_LIMITED_BACKOFF_FACTOR } from './config.ts';
import type { CliFlags } from './types.ts';
import { EXIT_CODE_HELP } from './exit-codes.ts';

export const COMMAND_NAME = 'neo-ingest';

const HELP_AFTER = `
Environment (also read from a .env file in the current directory; the environment wins):
  ${ENV.apiKey}        API key. Never a flag, so it stays out of ps and shell history.
                      Unset: ${DEMO_KEY}, limited to 30 requests/hour and 50/day per IP.
  ${ENV.apiUrl}   API base URL when --api-url is not given (default ${DEFAULTS.apiUrl}).
Precedence: defaults < .env < environment < flags.

Batches: batch n is browse page n-1 at --batch-size, and holds that page's NEOs; there are
ceil(total / batch-size) batches. Every batch requests a full page, so page n-1 means the same
NEOs whatever --total is; the last batch keeps only the NEOs up to --total.

Output layout (under --output-dir):
  landing/batch-000005.json        page body as received, api_key in links replaced by REDACTED
  landing/batch-000005.meta.json   page, size, status, request time, attempts (never the key)
  raw/batch-number=1-20/batch-000005.parquet
                                   one row per close approach; one file per batch, folders of
                                   --partition-size batches (1-20, 21-40, ...)
  quarantine/batch-000005.jsonl    rejected records, whole, with reason, batch, page, ingested_at
  manifest.json                    run parameters and per-batch status, rows, checksums
  manifest.journal.jsonl           entries of a run still going (or killed), folded into
                                   manifest.json when a run ends
Runs resume: a run fetches only batches not done (missing, failed, or whose files no longer match
the manifest). --batch-size, --partition-size and the API URL must stay the same for one output dir;
a later run takes the dir's recorded --total, --batch-size and --partition-size as its defaults.
Batches beyond --total of an earlier, larger run are left as they are.

The catalogue changes under the pages (insertions, removals, numberings that change an id and its
place), so pages fetched at different times overlap or leave gaps. Each batch records its NEO ids and
the page's total_elements; a run whose batches hold an id twice, or were fetched at different catalogue
sizes, names them and exits 7.
--refresh re-fetches the recorded range (the first --total NEOs) into a hidden staging folder
(.gen-<n>) with the normal run machinery (killable, resumed by the next --refresh), then makes
verification passes that fetch every page again and re-fetch those whose ids or total_elements
drifted, until one full pass agrees (at most --refresh-passes, else exit 8). Then raw/, landing/,
quarantine/ and manifest.json, which are links through .current, switch to it in one rename;
readers see the previous complete data until then. The previous generation is deleted once no
aggregation holds the folder's aggregation lock; disk use peaks at twice the dataset's.
One run per output dir: another run exits 9 naming the holder (pid, host, command, since), or
waits with --wait-lock; a lock left by a killed run is taken over within seconds.
Nothing is written outside --output-dir: a symlink below it that leads outside it is refused (exit 2);
--output-dir itself may be a symlink or use '..'.

Exit codes:
${EXIT_CODE_HELP}

Logs and progress go to stderr (a progress bar on a terminal, timestamped lines otherwise);
the summary goes to stdout.

Examples:
  $ ${COMMAND_NAME}                                   200 NEOs in 10 batches into ./output
  $ NASA_API_KEY=... ${COMMAND_NAME} --total 2000 --rate 5
  $ ${COMMAND_NAME} --total 2000                      run again after exit 4 or 5: resumes
  $ ${COMMAND_NAME} --backfill 3 5                    re-fetch batches 3..5 and replace them
  $ ${COMMAND_NAME} --from-landing                    rebuild raw/ from landing/, no API calls
  $ ${COMMAND_NAME} --refresh                         re-fetch the recorded range as one snapshot
  $ ${COMMAND_NAME} --api-url http://127.0.0.1:8080 --rate 50 --quiet --log-format json
`;

export function buildProgram(): Command {
  const backfill = new Option(
    '--backfill <batch...>',
    're-fetch batches start..end (1-based, inclusive) and replace exactly those',
  );
  // Commander takes one value name; the variadic option collects both numbers (checked in config.ts).
  backfill.flags = '--backfill <start> <end>';
  return (
    new Command(COMMAND_NAME)
      .description("Fetch Near Earth Objects from NASA's NeoWs Browse API into raw Parquet, one browse page per batch.")
      .option('--total <n>', `NEOs to fetch (default: ${DEFAULTS.total})`)
      .option('--batch-size <n>', `NEOs per request, 1..${MAX_BATCH_SIZE} (default: ${DEFAULTS.batchSize})`)
      .option('--partition-size <n>', `batches per raw/ partition folder (default: ${DEFAULTS.partitionSize})`)
      .option('--output-dir <dir>', `where everything is written (default: ${DEFAULTS.outputDir})`)
      .addOption(backfill)
      .option('--rate <per-second>', `requests per second, fractions allowed (default: ${DEFAULTS.rate})`)
      .option('--api-url <url>', `API base URL (default: $${ENV.apiUrl} or ${DEFAULTS.apiUrl})`)
      .option(
        '--on-quota <policy>',
        `when the API quota runs out: stop (exit 5, resumable) or wait until it refills (default: ${DEFAULTS.onQuota})`,
      )
      .option('--from-landing', 'rebuild raw/ and quarantine/ from landing/ without calling the API')
      .option('--refresh', "re-fetch the dataset's whole range as one snapshot and switch raw/ to it at once")
      .option(
        '--refresh-passes <n>',
        `verification passes a refresh makes at most before exit 8 (default: ${DEFAULTS.refreshPasses})`,
      )
      .option('--wait-lock', 'when another run holds the output dir, wait for it instead of exiting 9')
      .option(
        '--max-retries <n>',
        'retries per request after a network error, timeout, cut or malformed body, 429 or 5xx ' +
          `(default: ${DEFAULTS.maxRetries})`,
      )
      .option(
        '--retry-base-ms <ms>',
        `first retry delay, doubling with each retry, ${RATE_LIMITED_BACKOFF_FACTOR}x after a 429 ` +
          `(default: ${DEFAULTS.retryBaseMs})`,
      )
      .option('--timeout-ms <ms>', `per-request timeout (default: ${DEFAULTS.timeoutMs})`)
      .option(
        '--quota-window-ms <ms>',
        "the gateway's rolling quota window, to compute when a used-up quota frees " +
          `(default: ${DEFAULTS.quotaWindowMs}, one hour)`,
      )
      .option(
        '--log-format <format>',
        `log lines as text or json; json also makes the summary JSON (default: ${DEFAULTS.logFormat})`,
      )
      .option('--quiet', 'no progress or per-batch lines; warnings, failures and the summary only')
      .addHelpText('after', HELP_AFTER)
      .exitOverride()
      // Usage errors are printed once, by the caller, with what to do next.
      .configureOutput({ outputError: () => {} })
  );
}

/** argv (without node and script) -> flags. An unknown flag or a missing value is a UsageError. */
export function parseArgs(argv: readonly string[], program: Command = buildProgram()): CliFlags {
  parseCommandLine(argv, program);
  return program.opts<CliFlags>();
}
