// The catalogue as it changes while the stand-in runs: what each arriving request sees, and the log of
// every change applied, for tests to compute expected pages without trusting the ingest.
import type { CatalogueChange, ChangeEffect, ChangingCatalogue } from './catalogue-changes.ts';
import { createChangeScheduler, type ChangePlan } from './change-plan.ts';

export interface AppliedChange extends ChangeEffect {
  /** The first request (1-based arrival order) that saw the change. */
  readonly visibleFrom: number;
}

export interface CatalogueTimeline {
  /** The catalogue as it is now. */
  current(): ChangingCatalogue;
  /** Every change applied so far, in order. */
  changes(): readonly AppliedChange[];
  /** Applies what the plan has due as request `request` for `page` arrives; returns what that request sees. */
  arrive(request: number, page: number | null): ChangingCatalogue;
  /** Applies `change` now, seen from request `visibleFrom` on; throws a RangeError when it does not fit. */
  apply(change: CatalogueChange, visibleFrom: number): AppliedChange;
}

const asRule = (change: CatalogueChange): string =>
  `${change.kind}@${change.at}${change.kind === 'number' ? `to${change.to}` : ''}`;

export function createCatalogueTimeline(initial: ChangingCatalogue, plan: ChangePlan = {}): CatalogueTimeline {
  const scheduler = createChangeScheduler(plan);
  const log: AppliedChange[] = [];
  let catalogue = initial;
  const apply = (change: CatalogueChange, visibleFrom: number): AppliedChange => {
    const next = catalogue.apply(change);
    catalogue = next.catalogue;
    const applied = { ...next.effect, visibleFrom };
    log.push(applied);
    return applied;
  };
  return {
    current: () => catalogue,
    changes: () => log,
    apply,
    arrive(request, page) {
      for (const change of scheduler.scripted(request, page)) {
        try {
          apply(change, request);
        } catch (error) {
          // A script written for another catalogue size must not take the server down: warn, and log nothing.
          if (!(error instanceof RangeError)) throw error;
          process.emitWarning(
            `stand-in: scripted change ${asRule(change)} skipped at request ${request}: ${error.message}`,
          );
        }
      }
      const random = scheduler.random(request, catalogue);
      if (random) apply(random, request);
      return catalogue;
    },
  };
}
