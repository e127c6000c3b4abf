// `npm run standin -- [options]`: runs the stand-in NASA API until interrupted.
import { Command, InvalidArgumentError } from 'commander';
import { parseChangeKinds, parseChangeRules } from './change-plan.ts';
import { parseFaultKinds, parseFaultRules, DEFAULT_SLOW_MS } from './faults.ts';
import { DEFAULT_RATE_LIMIT } from './rate-limit.ts';
import { DEFAULT_CATALOGUE_SIZE, DEFAULT_SEED, StandinApi } from './standin-api.ts';

const DEFAULT_PORT = 8787;

function integer(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return value;
}

function share(text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1');
  return value;
}

function parsed<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

const program = new Command('standin')
  .description('Local stand-in for the NASA NeoWs Browse API (127.0.0.1 only)')
  .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', integer, DEFAULT_PORT)
  .option('--seed <n>', 'catalogue, random-fault and random-change seed', integer, DEFAULT_SEED)
  .option('--neos <n>', 'catalogue size', integer, DEFAULT_CATALOGUE_SIZE)
  .option('--fixtures-only', 'serve only the 60 real 2017 fixture records')
  .option('--fault-rate <share>', 'share of requests given a random fault', share, 0)
  .option('--fault-kinds <kinds>', 'kinds for random faults, e.g. 503,reset,truncated', parsed(parseFaultKinds))
  .option('--faults <rules>', 'scripted faults, e.g. request:3=503,page:4=truncated*2', parsed(parseFaultRules))
  .option('--slow-ms <ms>', 'how long a "slow" fault holds its reply', integer, DEFAULT_SLOW_MS)
  .option('--rate-limit <n>', 'requests per key per window', integer, DEFAULT_RATE_LIMIT.limit)
  .option('--rate-window-s <s>', 'rolling rate-limit window in seconds', integer, DEFAULT_RATE_LIMIT.windowMs / 1000)
  .option('--reject-keys <keys>', 'comma-separated keys answered with 403', 'BAD_KEY')
  .option('--changes <rules>', 'scripted catalogue changes, e.g. request:3=insert@5', parsed(parseChangeRules))
  .option('--change-rate <share>', 'share of requests that change the catalogue at random', share, 0)
  .option('--change-kinds <kinds>', 'random change kinds (default: insert,number,remove)', parsed(parseChangeKinds))
  .addHelpText(
    'after',
    `
Catalogue changes (default none: the catalogue stays as it is)
  The live catalogue changes under the pages: new NEOs are inserted, provisional ones are numbered (a new
  id and a new place in the listing), some are removed. A change applies as its request arrives, before
  that request is answered; total_elements and total_pages follow. Rules for --changes:
    request:N=CHANGE   as the N-th request arrives (1-based; every request counts, as for --faults)
    page:P=CHANGE      the first time page P is asked for
  where CHANGE is one of
    insert@POS         a newly discovered NEO at listing position POS; later NEOs move down one
    remove@POS         the NEO at POS removed; later NEOs move up one
    number@POStoTO     the provisional NEO at POS gets a number and a new id, and moves to position TO
  A scripted change that does not fit the catalogue at that moment is skipped with a warning.

Examples:
  npm run standin -- --neos 400 --changes request:2=insert@5,page:3=number@25to3
  npm run standin -- --change-rate 0.05 --change-kinds insert,remove --seed 9`,
  )
  .parse();

const options = program.opts<{
  port: number;
  seed: number;
  neos: number;
  fixturesOnly?: boolean;
  faultRate: number;
  faultKinds?: ReturnType<typeof parseFaultKinds>;
  faults?: ReturnType<typeof parseFaultRules>;
  slowMs: number;
  rateLimit: number;
  rateWindowS: number;
  rejectKeys: string;
  changes?: ReturnType<typeof parseChangeRules>;
  changeRate: number;
  changeKinds?: ReturnType<typeof parseChangeKinds>;
}>();

const builder = new StandinApi()
  .withPort(options.port)
  .withSeed(options.seed)
  .withCatalogueSize(options.neos)
  .withRateLimit({ limit: options.rateLimit, windowMs: options.rateWindowS * 1000 })
  .withRejectedKeys(options.rejectKeys.split(',').map((key) => key.trim()))
  .withFaults({
    rules: options.faults ?? [],
    rate: options.faultRate,
    seed: options.seed,
    slowMs: options.slowMs,
    ...(options.faultKinds ? { kinds: options.faultKinds } : {}),
  })
  .withCatalogueChanges({
    script: options.changes ?? [],
    random: {
      rate: options.changeRate,
      seed: options.seed,
      ...(options.changeKinds ? { kinds: options.changeKinds } : {}),
    },
  });
if (options.fixturesOnly) builder.withFixturesOnly();

const api = await builder.start();
console.log(`NeoWs stand-in listening on ${api.url} (browse: ${api.url}/neo/rest/v1/neo/browse)`);

const shutdown = () => void api.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
