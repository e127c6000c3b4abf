// Ctrl-C / SIGTERM for the command-line entry points: the first signal aborts (the run then stops the
// Spark application and reports), a second one quits at once. A repeat within a second is taken as the
// same signal delivered twice (to the process and to its group, as `timeout` and some wrappers do).
import { EXIT } from './exit-codes.ts';

const DUPLICATE_WINDOW_MS = 1_000;

export function abortOnSignals(what: string): AbortSignal {
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (Date.now() - firstAt > DUPLICATE_WINDOW_MS) process.exit(EXIT.interrupted);
      return;
    }
    firstAt = Date.now();
    process.stderr.write(`\n${signal}: ${what} (again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
